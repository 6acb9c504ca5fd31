using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class IcdCodeRuleTests
{
    private readonly IcdCodeRule _rule = new();

    [Theory]
    [InlineData("M17.11", "")] // billable, in the starter table
    [InlineData("m1711", "")] // case and dot do not matter
    [InlineData("M17", "coding.icd-header")] // category
    [InlineData("M17.1", "coding.icd-header")] // subcategory above M17.11
    [InlineData("E11.6", "coding.icd-header")]
    [InlineData("R69", "")] // a three-character code can be billable
    [InlineData("17.11", "coding.icd-format")]
    [InlineData("M1", "coding.icd-format")] // too short
    [InlineData("M17.112345", "coding.icd-format")] // too long
    [InlineData("S83.241A", "coding.icd-unknown")] // well formed, not in the starter subset
    [InlineData("M17.11,F33", "coding.icd-header")]
    public void GivenDiagnosis_WhenScrubbed_ThenIcdFindingsMatch(string diagnoses, string expected)
    {
        CodeRuleClaims.With(diagnoses, "99213").RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenHeaderCode_WhenScrubbed_ThenHoldWithCarc146AndTheTableRowCited()
    {
        var finding = CodeRuleClaims.With("M17.1", "99213").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-146");
        finding.Category.ShouldBe(FindingCategory.Coding);
        finding.Source.ToString().ShouldContain("icd10cm.json");
        finding.Source.Clause.ShouldBe("M17.1, header code (not billable)");
        finding.Trigger.ShouldBe(["diagnosis 1 = M17.1"]);
    }

    [Theory]
    [InlineData(false, FindingSeverity.Info)]
    [InlineData(true, FindingSeverity.Review)]
    public void GivenUnknownCode_WhenTableIsSubsetOrComplete_ThenInfoOrReview(bool complete, FindingSeverity expected)
    {
        var tables = CodeRuleClaims.Starter with { Icd10IsComplete = complete };

        CodeRuleClaims.With("S83.241A", "99213").Tables(tables).Run(_rule).ShouldHaveSingleItem().Severity.ShouldBe(expected);
    }
}
