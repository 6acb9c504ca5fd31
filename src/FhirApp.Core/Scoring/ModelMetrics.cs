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

    /// <summary>
    /// Average precision, the area under the precision–recall curve as scikit-learn's average_precision_score computes it:
    /// walking down the distinct scores from the highest, Σ (recall gained at that score) × precision there. Tied scores
    /// form one threshold. NaN without a denial.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<(double P, bool Y)> points)
    {
        double ap = 0;
        var previousRecall = 0.0;
        foreach (var (recall, precision) in PrecisionRecall(points))
        {
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return points.Any(p => p.Y) ? ap : double.NaN;
    }

    /// <summary>
    /// The best precision among the thresholds whose recall reaches <paramref name="recall"/> (as TensorFlow's
    /// PrecisionAtRecall): "precision at 80% recall", the figure denial-prediction case studies report. NaN without a denial.
    /// </summary>
    public static double PrecisionAtRecall(IReadOnlyList<(double P, bool Y)> points, double recall = 0.8)
    {
        var reached = PrecisionRecall(points).Where(x => x.Recall >= recall - 1e-12).Select(x => x.Precision).ToList();
        return reached.Count == 0 ? double.NaN : reached.Max();
    }

    /// <summary>
    /// Calibration by decile: claims sorted by probability and cut into <paramref name="bins"/> groups of (nearly) equal
    /// size, each with its mean probability and observed denial rate. Empty groups (fewer claims than bins) are left out.
    /// </summary>
    public static IReadOnlyList<CalibrationBin> CalibrationByDecile(IReadOnlyList<(double P, bool Y)> points, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.P).ToList();
        var result = new List<CalibrationBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var from = (int)((long)b * sorted.Count / bins);
            var to = (int)((long)(b + 1) * sorted.Count / bins);
            if (to > from)
            {
                var group = sorted.GetRange(from, to - from);
                result.Add(new CalibrationBin(b + 1, group.Count, group.Average(p => p.P), group.Average(p => p.Y ? 1.0 : 0.0)));
            }
        }

        return result;
    }

    /// <summary>Recall and precision at each distinct score, from the highest down.</summary>
    private static IEnumerable<(double Recall, double Precision)> PrecisionRecall(IReadOnlyList<(double P, bool Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var positives = points.Count(p => p.Y);
        if (positives == 0)
        {
            yield break;
        }

        var sorted = points.OrderByDescending(p => p.P).ToList();
        int tp = 0, fp = 0, i = 0;
        while (i < sorted.Count)
        {
            var score = sorted[i].P;
            while (i < sorted.Count && sorted[i].P == score)
            {
                if (sorted[i].Y)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                i++;
            }

            yield return (tp / (double)positives, tp / (double)(tp + fp));
        }
    }
}
