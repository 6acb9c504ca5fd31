using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class NcciPairRuleTests
{
    private readonly NcciPairRule _rule = new();

    [Theory]
    [InlineData(new[] { "29881-RT", "29877-RT" }, "modifiers.ncci-pair")]
    [InlineData(new[] { "29881", "29877" }, "modifiers.ncci-pair")]
    [InlineData(new[] { "29877", "29881" }, "modifiers.ncci-pair")] // line order does not matter
    [InlineData(new[] { "29881-RT", "29877-59-RT" }, "modifiers.ncci-bypassed")]
    [InlineData(new[] { "29881-RT", "29877-XS" }, "modifiers.ncci-bypassed")]
    [InlineData(new[] { "29881-RT", "29877-LT" }, "modifiers.ncci-bypassed")] // different knees
    [InlineData(new[] { "29881", "29877 @2026-03-11" }, "")] // different days
    [InlineData(new[] { "20610", "76942" }, "modifiers.ncci-not-allowed")]
    [InlineData(new[] { "20610", "76942-59" }, "modifiers.ncci-not-allowed")] // indicator 0: no bypass
    [InlineData(new[] { "20610", "20605" }, "")] // starter pair deleted 2026-01-01
    [InlineData(new[] { "29877", "20610" }, "")] // indicator 9
    [InlineData(new[] { "99213", "20610" }, "")] // not a pair
    public void GivenLines_WhenScrubbed_ThenNcciFindingsMatch(string[] lines, string expected)
    {
        CodeRuleClaims.With("M17.11", lines).RuleIds(_rule).ShouldBe(expected);
    }

    // Date of service 2026-03-10. A deletion date is the first day the edit no longer applies (CMS convention).
    [Theory]
    [InlineData("2026-03-09", "")] // deleted the day before
    [InlineData("2026-03-10", "")] // deleted on the date of service
    [InlineData("2026-03-11", "modifiers.ncci-pair")] // deleted the day after: still in force
    [InlineData(null, "modifiers.ncci-pair")]
    public void GivenPairDeletionDate_WhenScrubbed_ThenOnlyEditsInForceOnTheDateOfServiceFire(string? deleted, string expected)
    {
        var tables = CodeRuleClaims.Starter with
        {
            NcciPairs = [new NcciPair("11111", "22222", new DateOnly(2020, 1, 1), deleted is null ? null : DateOnly.Parse(deleted, System.Globalization.CultureInfo.InvariantCulture), 1)],
        };

        CodeRuleClaims.With("M17.11", "11111", "22222").Tables(tables).RuleIds(_rule).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026-03-10", "modifiers.ncci-pair")] // effective on the date of service
    [InlineData("2026-03-11", "")] // effective the day after
    public void GivenPairEffectiveDate_WhenScrubbed_ThenEditsNotYetEffectiveAreIgnored(string effective, string expected)
    {
        var tables = CodeRuleClaims.Starter with
        {
            NcciPairs = [new NcciPair("11111", "22222", DateOnly.Parse(effective, System.Globalization.CultureInfo.InvariantCulture), null, 1)],
        };

        CodeRuleClaims.With("M17.11", "11111", "22222").Tables(tables).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenKneeArthroscopyPair_WhenScrubbed_ThenHoldCo236OnColumnTwoCitingTheRow()
    {
        var finding = CodeRuleClaims.With("M17.11", "29881-RT", "29877-RT").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-236");
        finding.LineSequence.ShouldBe(2);
        finding.Source.Clause.ShouldBe("29881 / 29877, modifier indicator 1, effective 2002-01-01");
        finding.Source.ToString().ShouldContain("ncci-ptp.json");
    }
}
