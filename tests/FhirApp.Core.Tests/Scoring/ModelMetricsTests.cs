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
}
