using FhirApp.Core.Eligibility;
using FhirApp.Core.Eligibility.X12;

namespace FhirApp.Core.Tests.Eligibility;

/// <summary>Each hand-made 271 read and interpreted for the question the demo claim asks.</summary>
public sealed class Eligibility271ReaderTests
{
    private static EligibilityAnswer Answer(string file, string claimId, string trace) =>
        EligibilityInterpreter.FromX12(Eligibility271Reader.Read(EligibilityFixtures.Text271(file)), EligibilityFixtures.Query(claimId, "BPBC1", trace));

    [Fact]
    public void GivenAnActive271_WhenRead_ThenActiveWithThePlanDatesAndNoPlanNeeds()
    {
        var read = Eligibility271Reader.Read(EligibilityFixtures.Text271("active-maria-acme.271"));
        var answer = Answer("active-maria-acme.271", "claim-maria-followup", "RO-TRACE-MARIA");

        read.Accepted.ShouldBeTrue(string.Join("; ", read.Issues));
        (read.PayerName, read.PayerId, read.Created).ShouldBe(("ACME HEALTH PLAN", "ACME1", new DateTimeOffset(2026, 5, 4, 10, 30, 0, TimeSpan.Zero)));
        read.Members.Single().Benefits.Select(b => b.Code).ShouldBe(["1", "C", "B", "A"]);
        (answer.Status, answer.CoverageStart, answer.CoverageEnd, answer.PlanName).ShouldBe((EligibilityStatus.Active, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "ACME PPO 1500"));
        answer.Member.ShouldBe(new EligibilityPerson("LOPEZ", "MARIA", new DateOnly(1968, 4, 12), "F", "ACM448812307"));
        answer.AuthorizationRequired.ShouldBeFalse("EB12 = Y on the deductible line says in network, not authorization (EB11)");
        answer.ReferralRequired.ShouldBeFalse();
        answer.Source.ShouldBe("the payer's 271 of 2026-05-04");
    }

    [Fact]
    public void GivenAnInactive271_WhenRead_ThenInactiveWithTheEndDate()
    {
        var answer = Answer("inactive-robert-bluepeak.271", "claim-robert-coverage-ended", "RO-TRACE-ROBERT");

        (answer.Status, answer.CoverageStart, answer.CoverageEnd).ShouldBe((EligibilityStatus.Inactive, new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 31)));
    }

    [Fact]
    public void GivenActiveButADateOfServiceAfterThePlanEnd_WhenInterpreted_ThenInactiveOnThatDate()
    {
        // The payer says "active" today; the claim's date of service is after the plan end it gives.
        var text = EligibilityFixtures.Text271("inactive-robert-bluepeak.271").Replace("EB*6**30~", "EB*1**30~", StringComparison.Ordinal);

        var answer = EligibilityInterpreter.FromX12(Eligibility271Reader.Read(text), EligibilityFixtures.Query("claim-robert-coverage-ended", "BPBC1", "RO-TRACE-ROBERT"));

        answer.Status.ShouldBe(EligibilityStatus.Inactive);
    }

    [Fact]
    public void GivenACorrectedSubscriber_WhenRead_ThenThePayersMemberIdNameAndBirthDateAreKept()
    {
        Answer("member-id-mismatch-james.271", "claim-james-90837", "RO-TRACE-JAMES").Member!.MemberId.ShouldBe("BPK920117753");
        Answer("demographics-mismatch-james.271", "claim-james-90837", "RO-TRACE-JAMES").Member
            .ShouldBe(new EligibilityPerson("CARTER", "JAMIE", new DateOnly(1985, 3, 29), "M", "BPK920117735"));
    }

    [Fact]
    public void GivenAnHmoThatNeedsAReferral_WhenRead_ThenReferralAndAuthorizationAreRequired()
    {
        var answer = Answer("referral-required-james.271", "claim-james-90837", "RO-TRACE-JAMES");

        (answer.Status, answer.ReferralRequired, answer.AuthorizationRequired).ShouldBe((EligibilityStatus.Active, true, true));
        Eligibility271Reader.Read(EligibilityFixtures.Text271("referral-required-james.271")).Members[0].Benefits[0].Entities.ShouldBe(["P3"]);
    }

    [Theory]
    [InlineData("aaa-invalid-member.271", "72", "The member id is not valid.")]
    [InlineData("aaa-payer-unavailable.271", "42", "The payer cannot answer right now: check again later.")]
    public void GivenAnAaaRejection_WhenRead_ThenRejectedWithTheReasonInPlainWords(string file, string code, string message)
    {
        var answer = Answer(file, "claim-robert-coverage-ended", "RO-TRACE-ROBERT");

        (answer.Status, answer.RejectionCode, answer.Message).ShouldBe((EligibilityStatus.Rejected, code, message));
    }

    [Fact]
    public void GivenSeveralSubscribers_WhenInterpreted_ThenTheOneWithOurTraceNumberAnswers()
    {
        var read = Eligibility271Reader.Read(EligibilityFixtures.Text271("several-subscribers.271"));

        read.Members.Count.ShouldBe(2);
        Answer("several-subscribers.271", "claim-robert-coverage-ended", "RO-TRACE-ROBERT").Status.ShouldBe(EligibilityStatus.Inactive);
        Answer("several-subscribers.271", "claim-maria-followup", "RO-TRACE-MARIA").Status.ShouldBe(EligibilityStatus.Active);
    }

    [Fact]
    public void GivenATruncated271_WhenRead_ThenThatAnswerFailsWithAClearMessage()
    {
        var read = Eligibility271Reader.Read(EligibilityFixtures.Text271("truncated.271"));
        var answer = Answer("truncated.271", "claim-robert-coverage-ended", "RO-TRACE-ROBERT");

        read.Accepted.ShouldBeFalse();
        read.Members.ShouldBeEmpty();
        read.Issues[0].Message.ShouldContain("truncated");
        answer.Status.ShouldBe(EligibilityStatus.Failed);
        answer.Message.ShouldStartWith("The clearinghouse's answer could not be read: segment");
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("<html>Bad gateway</html>", "an X12 file must start with an ISA interchange header")]
    public void GivenSomethingThatIsNotA271_WhenRead_ThenRefusedNotThrown(string text, string issue)
    {
        var read = Eligibility271Reader.Read(text);

        read.Issues.ShouldHaveSingleItem().Message.ShouldBe(issue);
    }

    [Fact]
    public void GivenA270_WhenReadAsA271_ThenRefusedNamingTheTransactionSet()
    {
        var read = Eligibility271Reader.Read(File.ReadAllText(EligibilityFixtures.Golden270));

        read.Issues[0].Message.ShouldContain("is not an eligibility response (271)");
    }
}
