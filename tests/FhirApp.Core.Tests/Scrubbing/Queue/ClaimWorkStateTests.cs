using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Queue;

namespace FhirApp.Core.Tests.Scrubbing.Queue;

public sealed class ClaimWorkStateTests
{
    private static ClaimSummary Claim(string outcome = ClaimOutcomes.Pending, string status = "active") =>
        new() { Id = "c1", ResourceType = "Claim", Status = status, Outcome = outcome };

    private static ScrubFinding Finding(string rule, FindingSeverity severity, int? line = null) => new()
    {
        RuleId = rule,
        Category = FindingCategory.MissingInformation,
        Severity = severity,
        Message = rule + " message",
        Source = new SourceCitation("doc", "1"),
        LineSequence = line,
    };

    private static ScrubResult Scrub(params ScrubFinding[] findings) => new("c1", findings) { PayerId = "org-acme" };

    private static FindingOverride Override(string rule, int line = 0) => new()
    {
        Tenant = "t",
        ClaimId = "c1",
        RuleId = rule,
        LineSequence = line,
        Reason = "payer waived it",
        DecidedBy = "u",
    };

    [Fact]
    public void GivenTwoOpenHoldsAndAReview_WhenRead_ThenItSaysWhatIsLeftToFix()
    {
        var state = ClaimWorkState.Of(Claim(), Scrub(Finding("h1", FindingSeverity.Hold), Finding("h2", FindingSeverity.Hold, 1), Finding("r1", FindingSeverity.Review)), DecisionSet.None);

        (state.Stage, state.Words, state.Holds, state.Reviews).ShouldBe((ClaimWorkStage.HoldsToFix, "2 holds to fix, 1 to review", 2, 1));
        state.BeforeSubmission.ShouldBeTrue();
    }

    [Fact]
    public void GivenOneHoldFixedAndTheOtherOverridden_WhenRead_ThenTheReviewIsAllThatIsLeft()
    {
        var scrub = Scrub(Finding("h1", FindingSeverity.Hold), Finding("h2", FindingSeverity.Hold, 1), Finding("r1", FindingSeverity.Review));
        var decisions = new DecisionSet(new Dictionary<(string, string, int), FindingOverride> { [("c1", "h2", 1)] = Override("h2", 1) }, new HashSet<(string, string)>())
            .WithFixes([("c1", "h1", 0)]);

        var state = ClaimWorkState.Of(Claim(), scrub, decisions);

        (state.Stage, state.Words, state.Holds).ShouldBe((ClaimWorkStage.ToReview, "1 to review", 0));
    }

    [Fact]
    public void GivenEveryHoldFixedAndOnlyInformationLeft_WhenRead_ThenReadyToSubmit()
    {
        var scrub = Scrub(Finding("h1", FindingSeverity.Hold), Finding("i1", FindingSeverity.Info));

        var state = ClaimWorkState.Of(Claim(), scrub, DecisionSet.None.WithFixes([("c1", "h1", 0)]));

        (state.Stage, state.Words).ShouldBe((ClaimWorkStage.ReadyToSubmit, "Ready to submit"));
    }

    [Fact]
    public void GivenAFixOnAnotherClaimWithTheSameRule_WhenRead_ThenTheHoldStillCounts()
    {
        var state = ClaimWorkState.Of(Claim(), Scrub(Finding("h1", FindingSeverity.Hold)), DecisionSet.None.WithFixes([("c2", "h1", 0)]));

        state.Words.ShouldBe("1 hold to fix");
    }

    [Theory]
    [InlineData(ClaimOutcomes.Paid, ClaimWorkStage.Paid, "Paid")]
    [InlineData(ClaimOutcomes.PartiallyPaid, ClaimWorkStage.PartlyPaid, "Partly paid")]
    [InlineData(ClaimOutcomes.PartiallyDenied, ClaimWorkStage.PartlyDenied, "Partly denied")]
    [InlineData(ClaimOutcomes.Denied, ClaimWorkStage.Denied, "Denied")]
    [InlineData(ClaimOutcomes.Queued, ClaimWorkStage.Sent, "Sent, waiting")]
    public void GivenAClaimThePayerHasOrDecided_WhenItStillHasHolds_ThenItShowsItsOutcomeAndNoHold(string outcome, ClaimWorkStage stage, string words)
    {
        var state = ClaimWorkState.Of(Claim(outcome), Scrub(Finding("h1", FindingSeverity.Hold)), DecisionSet.None);

        (state.Stage, state.Words, state.Holds, state.Reviews, state.BeforeSubmission).ShouldBe((stage, words, 0, 0, false));
    }

    [Fact]
    public void GivenARejectedClaimWithNothingOpen_WhenRead_ThenItAsksToCorrectAndResend()
    {
        ClaimWorkState.Of(Claim(ClaimOutcomes.Error), Scrub(), DecisionSet.None).Words.ShouldBe("Rejected: correct it and send it again");
        ClaimWorkState.Of(Claim(ClaimOutcomes.Error), Scrub(Finding("h1", FindingSeverity.Hold)), DecisionSet.None).Words.ShouldBe("Rejected: 1 hold to fix");
    }

    [Fact]
    public void GivenACancelledOrUnreadableClaim_WhenRead_ThenItSaysSoInWords()
    {
        ClaimWorkState.Of(Claim(status: "cancelled"), Scrub(Finding("h1", FindingSeverity.Hold)), DecisionSet.None).Stage.ShouldBe(ClaimWorkStage.Closed);
        ClaimWorkState.Of(Claim(), new ScrubResult("c1", [], "unreadable"), DecisionSet.None).Stage.ShouldBe(ClaimWorkStage.NotChecked);
    }

    [Theory]
    [InlineData(-78, "78 days past the filing limit")]
    [InlineData(-1, "1 day past the filing limit")]
    [InlineData(0, "due today")]
    [InlineData(1, "1 day left")]
    [InlineData(12, "12 days left")]
    public void GivenFilingDaysLeft_WhenWorded_ThenItReadsAsADeadline(int days, string words) =>
        PreSubmitWorklist.FilingDeadlineWords(days).ShouldBe(words);
}
