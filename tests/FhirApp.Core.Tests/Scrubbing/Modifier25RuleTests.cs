using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class Modifier25RuleTests
{
    private readonly Modifier25Rule _rule = new();

    [Theory]
    [InlineData(new[] { "99213", "20610-RT" }, "modifiers.25-missing")] // 0-day global
    [InlineData(new[] { "99213-25", "20610-RT" }, "")]
    [InlineData(new[] { "99202", "17110" }, "modifiers.25-missing")] // 10-day global; lowest office E/M
    [InlineData(new[] { "99215", "11042" }, "modifiers.25-missing")] // highest office E/M
    [InlineData(new[] { "99245", "20610" }, "modifiers.25-missing")] // office consultation
    [InlineData(new[] { "99201", "20610" }, "")] // deleted code, outside the range
    [InlineData(new[] { "99216", "20610" }, "")] // outside the range
    [InlineData(new[] { "99213", "29881" }, "")] // 90-day global: 57, not 25 (GlobalPeriodRule)
    [InlineData(new[] { "99213", "73562" }, "")] // imaging has no global period
    [InlineData(new[] { "99213", "20610 @2026-03-11" }, "")] // not the same day
    public void GivenEmAndProcedure_WhenScrubbed_ThenModifier25FindingsMatch(string[] lines, string expected)
    {
        CodeRuleClaims.With("M17.11", lines).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenMissing25_WhenScrubbed_ThenHoldCo4OnTheEmLineCitingTheGlobalDays()
    {
        var finding = CodeRuleClaims.With("M17.11", "20610", "99214").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-4");
        finding.LineSequence.ShouldBe(2);
        finding.Source.Clause.ShouldBe("20610 global 0 days");
    }
}
