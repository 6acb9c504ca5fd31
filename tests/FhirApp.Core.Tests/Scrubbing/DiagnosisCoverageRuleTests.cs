using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DiagnosisCoverageRuleTests
{
    private static readonly PayerPolicyVersion Policy = new()
    {
        Version = "2026-01",
        Effective = new DateOnly(2026, 1, 1),
        Source = "Test payer manual",
        // Prefixes as payer files write them, with dots.
        CoverageLists = [new CoverageList(["20610"], ["M17", "M25.56", "M19.0"], "policy MP-1 joint injections")],
    };

    private readonly DiagnosisCoverageRule _rule = new();

    [Theory]
    [InlineData("M17.11", "20610 #1", "")]
    [InlineData("M25.561", "20610 #1", "")] // dotted prefix M25.56 matches M25561
    [InlineData("M25.50", "20610 #1", "coding.dx-not-covered")] // M25.5 is not M25.56
    [InlineData("M19.011", "20610 #1", "")]
    [InlineData("F33.1", "20610 #1", "coding.dx-not-covered")]
    [InlineData("F33.1,M17.11", "20610 #1", "coding.dx-not-covered")] // the covered dx is on the claim but not linked
    [InlineData("F33.1,M17.11", "20610 #1,2", "")]
    [InlineData("F33.1,M17.11", "20610 #", "")] // no pointers: judged on all claim diagnoses
    [InlineData("F33.1", "99213 #1", "")] // 99213 is on no list
    public void GivenLineDiagnoses_WhenScrubbed_ThenCoverageFindingsMatch(string diagnoses, string line, string expected)
    {
        CodeRuleClaims.With(diagnoses, line).Policy(Policy).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenNoPayerPolicy_WhenScrubbed_ThenNothing()
    {
        CodeRuleClaims.With("F33.1", "20610").RuleIds(_rule).ShouldBe("");
    }

    [Fact]
    public void GivenUncoveredDiagnosis_WhenScrubbed_ThenHoldCo167CitingThePolicyClause()
    {
        var finding = CodeRuleClaims.With("F33.1", "20610").Policy(Policy).Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-167");
        finding.Source.ToString().ShouldBe("Test payer manual v2026-01, policy MP-1 joint injections");
        finding.LineSequence.ShouldBe(1);
    }
}
