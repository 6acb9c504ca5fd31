namespace FhirApp.Core.Scoring;

/// <summary>Ranking and calibration measures over (probability, outcome) pairs.</summary>
public static class ModelMetrics
{
    /// <summary>Area under the ROC curve (Mann–Whitney, ties counted half); NaN without both classes.</summary>
    public static double Auc(IReadOnlyList<(double P, bool Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var positives = points.Count(p => p.Y);
        var negatives = points.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var sorted = points.OrderBy(p => p.P).ToList();
        double rankSum = 0;
        var i = 0;
        while (i < sorted.Count)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1].P == sorted[i].P)
            {
                j++;
            }

            var rank = (i + j + 2) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (sorted[k].Y)
                {
                    rankSum += rank;
                }
            }

            i = j + 1;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Expected calibration error over ten equal-width bins: Σ (bin share × |mean probability − denial rate|).</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<(double P, bool Y)> points, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return double.NaN;
        }

        double error = 0;
        foreach (var bin in points.GroupBy(p => Math.Min(bins - 1, (int)(p.P * bins))))
        {
            var meanP = bin.Average(p => p.P);
            var rate = bin.Average(p => p.Y ? 1.0 : 0.0);
            error += bin.Count() / (double)points.Count * Math.Abs(meanP - rate);
        }

        return error;
    }

    /// <summary>Mean squared error of the probabilities.</summary>
    public static double Brier(IReadOnlyList<(double P, bool Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.Count == 0 ? double.NaN : points.Average(p => Math.Pow(p.P - (p.Y ? 1 : 0), 2));
    }
}
