using FhirApp.Core.Eligibility;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Tests.Eligibility;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// The payer's stored eligibility answer, as the claim context carries it (EligibilityFhir.Response of an answer from
/// either route), judged against a claim of 2026-10-02 for Ana Rivera, member TST123456789.
/// </summary>
public sealed class PayerEligibilityRuleTests
{
    private static readonly DateTimeOffset Answered = new(2026, 9, 20, 14, 5, 0, TimeSpan.Zero);

    private static EligibilityAnswer Answer(EligibilityStatus status, string? end = "2026-12-31", string route = "x12", string memberId = "TST123456789", string? birth = "1970-05-06") => new()
    {
        Route = route,
        Status = status,
        ServiceDate = ClaimLevelRuleClaims.Dos,
        AnsweredAt = Answered,
        CoverageStart = new DateOnly(2026, 1, 1),
        CoverageEnd = end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
        PlanName = "TEST PPO",
        Member = new EligibilityPerson("RIVERA", "ANA", birth is null ? null : DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), "F", memberId),
    };

    private static List<ScrubFinding> Run(ClaimLevelRuleClaims claim, params EligibilityAnswer[] answers)
    {
        var input = claim.Input();
        var responses = answers.Select((a, i) => EligibilityFhir.Response(a, Answered.AddMinutes(i))).ToList();
        return [.. new PayerEligibilityRule().Evaluate(input with { Context = input.Context with { EligibilityResponses = responses } })];
    }

    [Fact]
    public void GivenThePayersAnswerThatTheCoverageEndedBeforeTheDateOfService_WhenEvaluated_ThenHeldPerThe271OfItsDate()
    {
        var finding = Run(new ClaimLevelRuleClaims().Line("99213"), Answer(EligibilityStatus.Inactive, end: "2026-09-30")).ShouldHaveSingleItem();

        (finding.RuleId, finding.Severity, finding.PredictedCarc).ShouldBe(("eligibility.payer-inactive", FindingSeverity.Hold, "PR-27"));
        finding.Message.ShouldBe("Coverage inactive on the date of service per the payer's 271 of 2026-09-20 (the coverage ended 2026-09-30). "
            + "Re-verify with the patient and bill the coverage in force on 2026-10-02, or the patient.");
    }

    [Fact]
    public void GivenAnActiveAnswerWhoseCoverageRunsPastTheDateOfService_WhenEvaluated_ThenNothing()
    {
        Run(new ClaimLevelRuleClaims().Line("99213"), Answer(EligibilityStatus.Active)).ShouldBeEmpty();
    }

    [Fact]
    public void GivenAnAnswerForAnotherDateWhoseCoverageEndsBeforeThisClaim_WhenEvaluated_ThenTheCoverageDatesJudgeThisClaim()
    {
        var earlier = Answer(EligibilityStatus.Active, end: "2026-09-30", route: "fhir") with { ServiceDate = new DateOnly(2026, 9, 1) };

        var finding = Run(new ClaimLevelRuleClaims().Line("99213"), earlier).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("eligibility.payer-inactive");
        finding.Message.ShouldStartWith("Coverage inactive on the date of service per the payer's eligibility response of 2026-09-20 (the coverage ended 2026-09-30).");
    }

    [Fact]
    public void GivenACheckThatGotNoAnswer_WhenEvaluated_ThenNoFindingIsInvented()
    {
        var failed = EligibilityInterpreter.Failed(EligibilityFixtures.Query("claim-robert-pending", "BPBC1", "T1"), "x12", "The clearinghouse did not answer in time.");

        Run(new ClaimLevelRuleClaims().Line("99213"), failed).ShouldBeEmpty();
    }

    [Fact]
    public void GivenAnAaaRejection_WhenEvaluated_ThenAReviewSaysThePayerCouldNotConfirmAndWhy()
    {
        var rejected = Answer(EligibilityStatus.Rejected) with { RejectionCode = "72", Message = "The member id is not valid." };

        var finding = Run(new ClaimLevelRuleClaims().Line("99213"), rejected).ShouldHaveSingleItem();

        (finding.RuleId, finding.Severity).ShouldBe(("eligibility.payer-rejected", FindingSeverity.Review));
        finding.Message.ShouldBe("The payer could not confirm the coverage (the payer's 271 of 2026-09-20): the member id is not valid. Check the insurance card and check eligibility again.");
    }

    [Theory]
    [InlineData("TST-123456789", null)] // the same id, punctuated
    [InlineData("TST987654321", "eligibility.payer-member-id-mismatch")]
    public void GivenThePayersMemberId_WhenEvaluated_ThenOnlyAnotherIdIsHeldAndNeitherIdIsEchoed(string payerId, string? expected)
    {
        var findings = Run(new ClaimLevelRuleClaims().Line("99213"), Answer(EligibilityStatus.Active, memberId: payerId));

        findings.Select(f => f.RuleId).ShouldBe(expected is null ? [] : [expected]);
        findings.ShouldAllBe(f => !f.Message.Contains("TST") && !string.Join(' ', f.Trigger).Contains("TST"));
    }

    [Fact]
    public void GivenAnotherBirthDateAtThePayer_WhenEvaluated_ThenHeldWithoutEchoingEitherDate()
    {
        var finding = Run(new ClaimLevelRuleClaims().Line("99213"), Answer(EligibilityStatus.Active, birth: "1970-06-05")).ShouldHaveSingleItem();

        (finding.RuleId, finding.Severity).ShouldBe(("eligibility.payer-birthdate-mismatch", FindingSeverity.Hold));
        (finding.Message + string.Join(' ', finding.Trigger)).ShouldNotContain("1970");
    }

    [Fact]
    public void GivenAPlanThatNeedsAReferralAndAnAuthorization_WhenTheClaimCarriesOnlyTheAuthorization_ThenOnlyTheReferralIsAsked()
    {
        var needs = Answer(EligibilityStatus.Active) with { ReferralRequired = true, AuthorizationRequired = true };

        var findings = Run(new ClaimLevelRuleClaims().Line("99213").PreAuthRef("AUTH-1"), needs);

        findings.Select(f => f.RuleId).ShouldBe(["eligibility.referral-required"]);
        findings[0].Trigger.ShouldContain("referring provider on the claim = none");
    }

    [Fact]
    public void GivenAnOldInactiveAnswerAndANewerActiveOne_WhenEvaluated_ThenTheNewestAnswerStands()
    {
        var old = Answer(EligibilityStatus.Inactive, end: "2026-09-30") with { AnsweredAt = Answered.AddDays(-30) };
        var renewed = Answer(EligibilityStatus.Active, end: "2027-09-30");

        Run(new ClaimLevelRuleClaims().Line("99213"), old, renewed).ShouldBeEmpty();
    }
}
