using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class GlobalPeriodRuleTests
{
    private readonly GlobalPeriodRule _rule = new();

    // Date of service 2026-03-10. 29881 has a 90-day global period, 17110 a 10-day one, 20610 none (0 days).
    [Theory]
    [InlineData("2025-12-10", "29881", "99213", "modifiers.global-period")] // day 90: last day inside
    [InlineData("2025-12-09", "29881", "99213", "")] // day 91: the day after
    [InlineData("2026-03-09", "29881", "99213", "modifiers.global-period")] // the day after surgery
    [InlineData("2026-03-09", "29881", "99213-24", "")] // unrelated E/M
    [InlineData("2026-03-09", "29881", "99213-57", "")]
    [InlineData("2026-03-09", "29881", "99024", "")] // the post-operative visit code itself
    [InlineData("2026-03-09", "29881", "29877", "modifiers.global-period")] // a surgical procedure
    [InlineData("2026-03-09", "29881", "20610-79", "")] // unrelated procedure
    [InlineData("2026-03-09", "29881", "20610-58", "")] // staged
    [InlineData("2026-03-09", "29881", "20610-78", "")] // return to the operating room
    [InlineData("2026-03-09", "29881", "20610-24", "modifiers.global-period")] // 24 is for E/M, not procedures
    [InlineData("2026-03-09", "29881", "73562", "")] // imaging is not in the package
    [InlineData("2026-02-28", "17110", "99213", "modifiers.global-period")] // day 10 of a 10-day global
    [InlineData("2026-02-27", "17110", "99213", "")] // day 11
    [InlineData("2026-03-09", "20610", "99213", "")] // 0-day global ends the same day
    public void GivenEarlierSurgery_WhenScrubbed_ThenGlobalPeriodFindingsMatch(string surgeryDate, string surgery, string line, string expected)
    {
        CodeRuleClaims.With("M17.11", line)
            .Earlier(DateOnly.Parse(surgeryDate, System.Globalization.CultureInfo.InvariantCulture), surgery)
            .RuleIds(_rule).ShouldBe(expected);
    }

    [Theory]
    [InlineData(new[] { "99213", "29881" }, "modifiers.57-missing")]
    [InlineData(new[] { "99213-57", "29881" }, "")]
    [InlineData(new[] { "99213-25", "29881" }, "")]
    [InlineData(new[] { "99213", "20610" }, "")] // minor procedure: modifier 25's rule
    public void GivenSameDayMajorSurgery_WhenScrubbed_ThenModifier57FindingsMatch(string[] lines, string expected)
    {
        CodeRuleClaims.With("M17.11", lines).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenEmInsideGlobal_WhenScrubbed_ThenReviewCo97NamingTheEarlierClaim()
    {
        var finding = CodeRuleClaims.With("M17.11", "99214").Earlier(new DateOnly(2026, 1, 20), "29881-RT").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.PredictedCarc.ShouldBe("CO-97");
        finding.Source.Clause.ShouldBe("29881 global 90 days");
        finding.Trigger.ShouldContain("earlier claim c0-0: 29881 on 2026-01-20");
        finding.Message.ShouldContain("ends 2026-04-20");
    }

    [Fact]
    public void GivenSurgeryOnlyTheMpfsFileKnows_WhenScrubbed_ThenItsGlobalPeriodAppliesCitingTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("fhirapp-rvu-");
        try
        {
            var cms = Directory.CreateDirectory(Path.Combine(directory.FullName, CodeTableLoader.CmsFolder)).FullName;
            File.WriteAllText(Path.Combine(cms, "PPRRVU2026_Jan_nonQPP.csv"), CmsFixtures.RvuFile(CmsFixtures.RvuLine("33208", "", "090")));
            var loaded = CodeTableLoader.Load(directory.FullName);
            var tables = CodeRuleClaims.Starter with { GlobalDays = loaded.GlobalDays, GlobalDaysSource = loaded.GlobalDaysSource };

            var finding = CodeRuleClaims.With("M17.11", "99213").Earlier(new DateOnly(2026, 1, 20), "33208").Tables(tables).Run(_rule).ShouldHaveSingleItem();

            finding.RuleId.ShouldBe("modifiers.global-period");
            finding.Source.Document.ShouldContain("PPRRVU2026_Jan_nonQPP.csv");
            finding.Source.Clause.ShouldBe("33208 global 90 days");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
