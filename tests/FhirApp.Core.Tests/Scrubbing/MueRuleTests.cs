using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class MueRuleTests
{
    private readonly MueRule _rule = new();

    // Starter limits: 20610 2/day (MAI 2), 73562 2/day (MAI 3), 76942 1/line (MAI 1).
    [Theory]
    [InlineData(new[] { "20610 x2" }, "")] // at the limit
    [InlineData(new[] { "20610 x3" }, "units.mue-day")] // limit + 1
    [InlineData(new[] { "20610-RT", "20610-LT" }, "")] // summed: 2
    [InlineData(new[] { "20610-RT x2", "20610-LT" }, "units.mue-day")] // summed: 3
    [InlineData(new[] { "20610 x2", "20610 x2 @2026-03-11" }, "")] // different days
    [InlineData(new[] { "73562 x3" }, "units.mue-day")] // MAI 3 counts per day too
    [InlineData(new[] { "76942" }, "")]
    [InlineData(new[] { "76942 x2" }, "units.mue-line")]
    [InlineData(new[] { "76942", "76942" }, "")] // MAI 1: per line, not per day
    [InlineData(new[] { "99213 x5" }, "")] // no limit in the table
    [InlineData(new[] { "01402-P3 x96" }, "")] // anesthesia minutes
    public void GivenUnits_WhenScrubbed_ThenMueFindingsMatch(string[] lines, string expected)
    {
        CodeRuleClaims.With("M17.11", lines).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenDailyUnitsOverTheLimit_WhenScrubbed_ThenHoldCo151CitingTheRowAndAllLines()
    {
        var finding = CodeRuleClaims.With("M17.11", "20610-RT x2", "20610-LT").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-151");
        finding.Source.Clause.ShouldBe("20610, MUE 2, MAI 2");
        finding.Trigger.Count.ShouldBe(3);
        finding.Trigger[^1].ShouldBe("units = 3");
    }
}
