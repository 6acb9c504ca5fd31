using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class ProcedureCodeRuleTests
{
    private readonly ProcedureCodeRule _rule = new();

    [Theory]
    [InlineData("20610", "")]
    [InlineData("01402", "")]
    [InlineData("3074F", "")] // Category II
    [InlineData("0275T", "")] // Category III
    [InlineData("2061", "coding.cpt-format")]
    [InlineData("206100", "coding.cpt-format")]
    [InlineData("3074X", "coding.cpt-format")]
    [InlineData("J3301", "")] // in the 2019 HCPCS table
    [InlineData("G0289", "")]
    [InlineData("J9999", "")]
    [InlineData("J0001", "coding.hcpcs-invalid")] // well formed, not a code
    [InlineData("J330", "coding.hcpcs-format")]
    [InlineData("W1234", "coding.hcpcs-format")] // letters stop at V
    public void GivenProcedureCode_WhenScrubbed_ThenFormatFindingsMatch(string code, string expected)
    {
        CodeRuleClaims.With("M17.11", code).RuleIds(_rule).ShouldBe(expected);
    }

    // Date of service 2026-03-10. Dates as the CMS HCPCS file gives them; the termination date is the last valid day.
    [Theory]
    [InlineData("2026-03-10", null, "")] // added on the date of service
    [InlineData("2026-03-11", null, "coding.hcpcs-invalid")] // added the day after
    [InlineData("2020-01-01", "2026-03-10", "")] // last valid day
    [InlineData("2020-01-01", "2026-03-09", "coding.hcpcs-invalid")] // terminated the day before
    [InlineData(null, null, "")]
    public void GivenCmsHcpcsDates_WhenScrubbed_ThenTheCodeMustBeValidOnTheDateOfService(string? validFrom, string? terminated, string expected)
    {
        var tables = CodeRuleClaims.Starter with
        {
            HcpcsLevel2 = new HashSet<string> { "J0002" },
            HcpcsDates = new Dictionary<string, HcpcsCode> { ["J0002"] = new("J0002", Date(validFrom), Date(terminated)) },
        };

        CodeRuleClaims.With("M17.11", "J0002").Tables(tables).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenTerminatedHcpcs_WhenScrubbed_ThenHoldCitingTheValidityDates()
    {
        var tables = CodeRuleClaims.Starter with
        {
            HcpcsDates = new Dictionary<string, HcpcsCode> { ["J3301"] = new("J3301", new DateOnly(1991, 1, 1), new DateOnly(2025, 12, 31)) },
        };

        var finding = CodeRuleClaims.With("M17.11", "J3301").Tables(tables).Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.Source.Clause.ShouldBe("J3301 valid 1991-01-01 to 2025-12-31");
        finding.Message.ShouldContain("valid only through 2025-12-31");
    }

    [Fact]
    public void GivenSnomedCodedLine_WhenScrubbed_ThenReviewNotFormatHold()
    {
        var finding = CodeRuleClaims.With("M17.11", "410620009").System("http://snomed.info/sct").Run(_rule).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("coding.procedure-system");
        finding.Severity.ShouldBe(FindingSeverity.Review);
    }

    [Fact]
    public void GivenUnknownHcpcs_WhenScrubbed_ThenHoldCitingTheHcpcsTable()
    {
        var finding = CodeRuleClaims.With("M17.11", "J0001").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-181");
        finding.Source.Version.ShouldBe("2019");
        finding.Source.Clause.ShouldBe("J0001 not listed");
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
