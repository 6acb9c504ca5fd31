using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class PriorAuthorizationRuleTests
{
    private static readonly DateOnly Dos = ClaimLevelRuleClaims.Dos;

    /// <summary>One auth on file for <c>authCode</c>; offsets are days from the date of service; empty expected = no finding.</summary>
    [Theory]
    [InlineData("none", "20610", 1, -30, 60, true, 1, "auth.missing")]
    [InlineData("valid, number on claim", "20610", 1, -30, 60, true, 1, "")]
    [InlineData("valid, number not on claim", "20610", 1, -30, 60, false, 1, "auth.number-missing")]
    [InlineData("ends on the DOS (inclusive)", "20610", 1, -30, 0, true, 1, "")]
    [InlineData("ended the day before", "20610", 1, -30, -1, true, 1, "auth.outside-period")]
    [InlineData("starts on the DOS", "20610", 1, 0, 60, true, 1, "")]
    [InlineData("starts the day after", "20610", 1, 1, 60, true, 1, "auth.outside-period")]
    [InlineData("starts 30 days after, number not on claim", "20610", 1, 30, 90, false, 1, "auth.outside-period")]
    [InlineData("starts 31 days after, number not on claim (a later episode)", "20610", 1, 31, 90, false, 1, "auth.missing")]
    [InlineData("starts 31 days after, number on claim", "20610", 1, 31, 90, true, 1, "auth.outside-period")]
    [InlineData("units at the limit", "20610", 2, -30, 60, true, 2, "")]
    [InlineData("one unit over", "20610", 2, -30, 60, true, 3, "auth.units-exceeded")]
    [InlineData("for another code", "20605", 1, -30, 60, true, 1, "auth.other-code")]
    [InlineData("another code, not on claim, in period", "20605", 1, -30, 60, false, 1, "auth.other-code")]
    [InlineData("not certified (A3)", "20610", 1, -30, 60, true, 1, "auth.not-certified")]
    public void GivenAuthOnFile_WhenEvaluated_ThenHoldsWhatThePayerWouldDeny(
        string scenario, string authCode, int approved, int startOffset, int endOffset, bool onClaim, int billed, string expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("20610", billed);
        if (scenario != "none")
        {
            claim.Auth("PA-1", authCode, approved, Dos.AddDays(startOffset), Dos.AddDays(endOffset), onClaim, notCertified: scenario.Contains("A3"));
        }

        var findings = claim.Run<PriorAuthorizationRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected.Length == 0 ? [] : [expected], scenario);
        findings.ShouldAllBe(f => f.LineSequence == 1 && f.Source.Clause == "section 5 auth list" && f.Category == FindingCategory.PriorAuthorization);
    }

    [Theory]
    [InlineData("auth.missing", FindingSeverity.Hold, "CO-197")]
    [InlineData("auth.number-missing", FindingSeverity.Hold, "CO-197")]
    [InlineData("auth.outside-period", FindingSeverity.Hold, "CO-197")]
    [InlineData("auth.units-exceeded", FindingSeverity.Hold, "CO-198")]
    [InlineData("auth.other-code", FindingSeverity.Hold, "CO-197")]
    [InlineData("auth.not-certified", FindingSeverity.Hold, "CO-197")]
    [InlineData("auth.unverified", FindingSeverity.Info, null)]
    public void GivenEachAuthFinding_WhenEvaluated_ThenSeverityAndCarcAreTheDocumentedOnes(string ruleId, FindingSeverity severity, string? carc)
    {
        var claim = new ClaimLevelRuleClaims().Line("20610", ruleId == "auth.units-exceeded" ? 2 : 1);
        _ = ruleId switch
        {
            "auth.number-missing" => claim.Auth("PA-1", "20610", onClaim: false),
            "auth.outside-period" => claim.Auth("PA-1", "20610", end: Dos.AddDays(-1)),
            "auth.units-exceeded" => claim.Auth("PA-1", "20610", 1),
            "auth.other-code" => claim.Auth("PA-1", "20605"),
            "auth.not-certified" => claim.Auth("PA-1", "20610", notCertified: true),
            "auth.unverified" => claim.PreAuthRef("PHONE-42"),
            _ => claim,
        };

        var finding = claim.Run<PriorAuthorizationRule>().ShouldHaveSingleItem();

        finding.RuleId.ShouldBe(ruleId);
        finding.Severity.ShouldBe(severity);
        finding.PredictedCarc.ShouldBe(carc);
    }

    [Fact]
    public void GivenValidAuthWhoseNumberIsNotOnTheClaim_WhenEvaluated_ThenTheTriggerCarriesTheNumberToAttach()
    {
        var finding = new ClaimLevelRuleClaims().Line("20610").Auth("PA-777", "20610", onClaim: false)
            .Run<PriorAuthorizationRule>().ShouldHaveSingleItem();

        finding.Trigger.ShouldContain("auth number = PA-777");
        finding.Message.ShouldContain("Attach the authorization number");
    }

    [Theory]
    [InlineData(2, 1, 1, "")] // one used before, one billed now: at the limit
    [InlineData(2, 1, 2, "auth.units-exceeded")]
    public void GivenUnitsAlreadyBilledUnderTheSameAuth_WhenEvaluated_ThenTheyCountAgainstTheApproval(int approved, int usedBefore, int billed, string expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("20610", billed).Auth("PA-1", "20610", approved);
        var earlier = claim.OtherClaim("claim-earlier", Dos.AddDays(-14), Dos.AddDays(-13), "20610");
        earlier.Item[0].Quantity = new Hl7.Fhir.Model.Quantity { Value = usedBefore };
        earlier.Insurance[0].PreAuthRefElement.Add(new Hl7.Fhir.Model.FhirString("PA-1"));

        claim.Run<PriorAuthorizationRule>().Select(f => f.RuleId).ShouldBe(expected.Length == 0 ? [] : [expected]);
    }

    [Theory]
    [InlineData("99213")] // not on the auth list
    public void GivenCodeNotOnTheAuthList_WhenEvaluated_ThenNothing(string code)
    {
        new ClaimLevelRuleClaims().Line(code).Run<PriorAuthorizationRule>().ShouldBeEmpty();
        new ClaimLevelRuleClaims().Line("20610").Run<PriorAuthorizationRule>(noPolicy: true).ShouldBeEmpty();
    }
}
