using FhirApp.Core.Learning;

namespace FhirApp.Core.Tests.Learning;

public sealed class RuleStatisticsTests
{
    [Theory]
    [InlineData(8, 8, 0.6756)]
    [InlineData(41, 44, 0.8176)]
    [InlineData(0, 10, 0.0)]
    [InlineData(5, 10, 0.2366)]
    public void GivenCounts_WhenTheWilsonLowerBoundIsTaken_ThenItMatchesTheFormula(double denied, double n, double expected) =>
        RuleStatistics.WilsonLower(denied, n).ShouldBe(expected, 0.0005);

    [Fact]
    public void GivenNoTrials_WhenBoundsAreTaken_ThenTheyAreTheWidestPossible()
    {
        RuleStatistics.WilsonLower(0, 0).ShouldBe(0);
        RuleStatistics.WilsonUpper(0, 0).ShouldBe(1);
        RuleStatistics.WilsonUpper(1, 10).ShouldBe(1 - RuleStatistics.WilsonLower(9, 10), 1e-12);
    }

    [Fact]
    public void GivenASeriesThatTurnsFromPaidToDenied_WhenTheChangePointIsSought_ThenItIsFoundWithItsRates()
    {
        var series = Enumerable.Repeat(false, 10).Concat(Enumerable.Repeat(true, 8)).ToList();

        var (split, statistic, before, after) = RuleStatistics.ChangePoint(series, 4);

        (split, before, after).ShouldBe((10, 0.0, 1.0));
        statistic.ShouldBeGreaterThan(10.83);
    }

    [Fact]
    public void GivenASteadySeries_WhenTheChangePointIsSought_ThenNoneIsSignificant()
    {
        var series = Enumerable.Range(0, 20).Select(i => i % 2 == 0).ToList();

        RuleStatistics.ChangePoint(series, 4).Statistic.ShouldBeLessThan(10.83);
    }

    [Fact]
    public void GivenPaidLowValuesAndDeniedHighOnes_WhenTheBestCutIsSought_ThenItSitsAtTheLargestPaidValue()
    {
        var items = new List<(double X, bool Denied, double Gain)>
        {
            (3, false, 1), (5, false, 1), (60, false, 1), (95, true, 1), (120, true, 1), (300, true, 1), (4, true, 1),
        };

        RuleStatistics.BestCut(items, 2.0).ShouldBe((60.0, 95.0));
    }

    [Fact]
    public void GivenNoDeniedItemAboveAnyPaidOne_WhenTheBestCutIsSought_ThenThereIsNone() =>
        RuleStatistics.BestCut([(1, true, 1), (5, false, 1), (9, false, 1)], 2.0).ShouldBeNull();
}
