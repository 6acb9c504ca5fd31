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
}
