using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class EligibilityRuleTests
{
    [Theory]
    [InlineData("2026-01-01", "2026-12-31", "active", null)] // inside
    [InlineData("2026-10-02", "2026-10-02", "active", null)] // DOS on the end date: end is inclusive
    [InlineData("2026-01-01", "2026-10-01", "active", "eligibility.coverage-ended")] // ended the day before
    [InlineData("2026-10-02", null, "active", null)] // starts on the DOS, open end
    [InlineData("2026-10-03", null, "active", "eligibility.coverage-not-started")] // starts the day after
    [InlineData(null, null, "active", null)] // no period: nothing to compare
    [InlineData("2026-01-01", "2026-12-31", "cancelled", "eligibility.coverage-cancelled")]
    public void GivenCoveragePeriodAndStatus_WhenEvaluated_ThenFiresOnlyOutsideThePeriodOrWhenCancelled(string? start, string? end, string status, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        claim.Coverage.Period = start is null && end is null ? null : new Period { Start = start, End = end };
        claim.Coverage.Status = status == "cancelled" ? FinancialResourceStatusCodes.Cancelled : FinancialResourceStatusCodes.Active;

        var findings = claim.Run<CoverageEligibilityRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Hold && f.Category == FindingCategory.Eligibility && f.PredictedCarc != null);
    }

    [Theory]
    [InlineData(false, "The claim names no coverage.")]
    [InlineData(true, "The coverage the claim names is not in the patient's record.")]
    public void GivenNoCoverageInTheRecord_WhenEvaluated_ThenNoCoverageHoldSaysWhy(bool dangling, string message)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213");
        if (dangling)
        {
            claim.Claim.Insurance[0].Coverage = new ResourceReference("Coverage/cov-missing");
        }
        else
        {
            claim.Claim.Insurance.Clear();
        }

        var finding = claim.Run<CoverageEligibilityRule>().ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("eligibility.no-coverage");
        finding.PredictedCarc.ShouldBe("CO-31");
        finding.Message.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("Organization/org-payer-test", null)]
    [InlineData("Organization/org-payer-other", "eligibility.payer-mismatch")]
    [InlineData(null, null)] // insurer given by display only: nothing to compare
    public void GivenClaimInsurer_WhenEvaluated_ThenFiresWhenItIsNotTheCoveragePayor(string? insurer, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("99213")
            .Add(new Organization { Id = "org-payer-other", Name = "Other Plan" });
        claim.Claim.Insurer = insurer is null ? new ResourceReference { Display = "Some plan" } : new ResourceReference(insurer);

        var findings = claim.Run<InsurerMatchesCoverageRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => f.PredictedCarc == "CO-109" && f.Message.Contains("Other Plan") && f.Message.Contains("Test Health Plan"));
    }
}
