using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Scoring;

public sealed class ModelMetricsTests
{
    [Fact]
    public void GivenPerfectAndReversedRankings_WhenAucComputed_ThenOneAndZero()
    {
        ModelMetrics.Auc([(0.1, false), (0.2, false), (0.8, true), (0.9, true)]).ShouldBe(1.0);
        ModelMetrics.Auc([(0.9, false), (0.8, false), (0.2, true), (0.1, true)]).ShouldBe(0.0);
    }

    [Fact]
    public void GivenTiedScores_WhenAucComputed_ThenTiesCountHalf() =>
        ModelMetrics.Auc([(0.5, false), (0.5, true)]).ShouldBe(0.5);

    [Fact]
    public void GivenOneClass_WhenAucComputed_ThenNaN() =>
        double.IsNaN(ModelMetrics.Auc([(0.5, false), (0.7, false)])).ShouldBeTrue();

    [Fact]
    public void GivenProbabilitiesMatchingRates_WhenEceComputed_ThenZero()
    {
        // 10 claims at 0.25 with 2.5 expected denials cannot be exact; use 4 claims at 0.25 with 1 denial.
        ModelMetrics.ExpectedCalibrationError([(0.25, true), (0.25, false), (0.25, false), (0.25, false)]).ShouldBe(0, 1e-12);
        ModelMetrics.ExpectedCalibrationError([(0.9, false), (0.9, false)]).ShouldBe(0.9, 1e-12);
    }

    [Fact]
    public void GivenARankingWithAFalseAlarmBetweenDenials_WhenAveragePrecisionComputed_ThenRecallGainsTimesPrecision()
    {
        // Recall 0.5 at precision 1 (0.9), then recall 1 at precision 2/3 (0.7): 0.5 × 1 + 0.5 × 2/3.
        ModelMetrics.AveragePrecision([(0.9, true), (0.8, false), (0.7, true), (0.1, false)]).ShouldBe(0.5 + (0.5 * 2 / 3.0), 1e-12);
        ModelMetrics.AveragePrecision([(0.9, true), (0.8, true), (0.2, false)]).ShouldBe(1.0, 1e-12);
        // Tied scores are one threshold: both claims come in together at precision 1/2.
        ModelMetrics.AveragePrecision([(0.5, true), (0.5, false)]).ShouldBe(0.5, 1e-12);
        double.IsNaN(ModelMetrics.AveragePrecision([(0.5, false)])).ShouldBeTrue();
    }

    [Fact]
    public void GivenSevenClaims_WhenPrecisionAt80RecallComputed_ThenTheBestPrecisionThatFindsAllFourDenials()
    {
        // Thresholds (recall, precision): 0.9 (.25, 1), 0.8 (.5, 1), 0.7 (.5, 2/3), 0.6 (.75, 3/4), 0.5 (.75, 3/5), 0.4 (1, 4/6), 0.3 (1, 4/7).
        List<(double, bool)> points = [(0.9, true), (0.8, true), (0.7, false), (0.6, true), (0.5, false), (0.4, true), (0.3, false)];

        ModelMetrics.PrecisionAtRecall(points, 0.8).ShouldBe(4 / 6.0, 1e-12);
        ModelMetrics.PrecisionAtRecall(points, 0.75).ShouldBe(0.75, 1e-12);
        ModelMetrics.AveragePrecision(points).ShouldBe((0.25 * 1) + (0.25 * 1) + (0.25 * 0.75) + (0.25 * 4 / 6.0), 1e-12);
    }

    [Fact]
    public void GivenThreeClaims_WhenBrierComputed_ThenMeanSquaredError() =>
        ModelMetrics.Brier([(0.8, true), (0.3, false), (0.6, false)]).ShouldBe((0.04 + 0.09 + 0.36) / 3, 1e-12);

    [Fact]
    public void GivenTwentyClaims_WhenCalibratedByDecile_ThenTenGroupsOfTwoWithMeanAndRate()
    {
        // Ten at 0.1, all paid; ten at 0.9, eight denied: the deciles of the upper half hold 8 denials between them.
        var points = Enumerable.Range(0, 10).Select(_ => (0.1, false))
            .Concat(Enumerable.Range(0, 10).Select(i => (0.9, i >= 2)))
            .ToList();

        var bins = ModelMetrics.CalibrationByDecile(points);

        bins.Count.ShouldBe(10);
        bins.ShouldAllBe(b => b.Count == 2);
        bins.Take(5).ShouldAllBe(b => Math.Abs(b.MeanPredicted - 0.1) < 1e-12 && b.ObservedRate == 0);
        bins.Skip(5).ShouldAllBe(b => Math.Abs(b.MeanPredicted - 0.9) < 1e-12);
        bins.Skip(5).Sum(b => b.ObservedRate * b.Count).ShouldBe(8, 1e-12);
        bins.Select(b => b.Bin).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }

    [Fact]
    public void GivenFewerClaimsThanDeciles_WhenCalibrated_ThenOnlyNonEmptyGroups()
    {
        var bins = ModelMetrics.CalibrationByDecile([(0.2, false), (0.5, true), (0.7, true)]);

        bins.Count.ShouldBe(3);
        bins.Sum(b => b.Count).ShouldBe(3);
        bins.Select(b => b.MeanPredicted).ShouldBe([0.2, 0.5, 0.7]);
    }
}
