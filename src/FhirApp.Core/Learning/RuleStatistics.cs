namespace FhirApp.Core.Learning;

/// <summary>
/// The few statistics the miner needs, hand-written because they are a handful of lines each and no package here
/// offers them together: the Wilson score interval, a binomial change point, and the threshold that best separates
/// denials from payments on one numeric feature.
/// </summary>
internal static class RuleStatistics
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959964;

    /// <summary>Lower bound of the Wilson score interval for <paramref name="denied"/> successes in <paramref name="n"/> trials (fractional counts allowed).</summary>
    public static double WilsonLower(double denied, double n, double z = Z95)
    {
        if (n <= 0)
        {
            return 0;
        }

        var p = Math.Clamp(denied / n, 0, 1);
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Max(0, (centre - spread) / (1 + (z2 / n)));
    }

    /// <summary>Upper bound of the Wilson score interval.</summary>
    public static double WilsonUpper(double denied, double n, double z = Z95) => n <= 0 ? 1 : 1 - WilsonLower(n - denied, n, z);

    /// <summary>
    /// The best split of a date-ordered 0/1 series into two runs with different rates: the index of the first item of
    /// the second run and the likelihood-ratio statistic against one rate (0 when no split has <paramref name="minSegment"/> items on each side).
    /// </summary>
    public static (int Split, double Statistic, double RateBefore, double RateAfter) ChangePoint(IReadOnlyList<bool> series, int minSegment)
    {
        var n = series.Count;
        var total = series.Count(x => x);
        var best = (Split: -1, Statistic: 0.0, RateBefore: 0.0, RateAfter: 0.0);
        if (n < 2 * minSegment)
        {
            return best;
        }

        var whole = LogLikelihood(total, n);
        var before = 0;
        for (var k = 1; k < n; k++)
        {
            before += series[k - 1] ? 1 : 0;
            if (k < minSegment || n - k < minSegment)
            {
                continue;
            }

            var statistic = 2 * (LogLikelihood(before, k) + LogLikelihood(total - before, n - k) - whole);
            if (statistic > best.Statistic)
            {
                best = (k, statistic, before / (double)k, (total - before) / (double)(n - k));
            }
        }

        return best;
    }

    private static double LogLikelihood(int successes, int n)
    {
        if (n == 0 || successes == 0 || successes == n)
        {
            return 0;
        }

        var p = successes / (double)n;
        return (successes * Math.Log(p)) + ((n - successes) * Math.Log(1 - p));
    }

    /// <summary>
    /// For "denied when x &gt; t": the cut t (the largest x left out) maximizing Σ weight over the items above it, where a
    /// denial weighs its <c>Gain</c> and a payment −<paramref name="penalty"/>; null when no cut gains anything.
    /// Also returns the smallest x of a denied item above the cut (where the evidence is firm).
    /// </summary>
    public static (double Cut, double FirstDenied)? BestCut(IReadOnlyList<(double X, bool Denied, double Gain)> items, double penalty)
    {
        if (items.Count == 0)
        {
            return null;
        }

        var sorted = items.OrderByDescending(i => i.X).ToList();
        double sum = 0, bestSum = 0;
        var bestIndex = -1;
        for (var i = 0; i < sorted.Count; i++)
        {
            sum += sorted[i].Denied ? sorted[i].Gain : -penalty;
            // Cut only between distinct values: items with equal x are in or out together.
            var boundary = i == sorted.Count - 1 || sorted[i + 1].X < sorted[i].X;
            if (boundary && sum > bestSum)
            {
                bestSum = sum;
                bestIndex = i;
            }
        }

        if (bestIndex < 0)
        {
            return null;
        }

        var cut = bestIndex == sorted.Count - 1 ? sorted[^1].X - 1 : sorted[bestIndex + 1].X;
        var firstDenied = sorted.Take(bestIndex + 1).Where(i => i.Denied).Min(i => i.X);
        return (cut, firstDenied);
    }
}
