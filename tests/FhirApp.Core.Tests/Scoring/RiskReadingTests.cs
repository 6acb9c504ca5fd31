using FhirApp.Core.Claims;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Queue;

namespace FhirApp.Core.Tests.Scoring;

public sealed class RiskReadingTests
{
    private static ClaimSummary Claim(string outcome = ClaimOutcomes.Pending) => new() { Id = "c1", ResourceType = "Claim", Status = "active", Outcome = outcome };

    private static ScrubFinding Finding(FindingSeverity severity) => new()
    {
        RuleId = "r" + severity,
        Category = FindingCategory.MissingInformation,
        Severity = severity,
        Message = "m",
        Source = new SourceCitation("doc", "1"),
    };

    private static ClaimWorkState State(string outcome = ClaimOutcomes.Pending, params FindingSeverity[] open) =>
        ClaimWorkState.Of(Claim(outcome), [.. open.Select(Finding)]);

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(78)]
    [InlineData(95)]
    public void GivenAnOpenHold_WhenAnyScoreIsRead_ThenTheBandIsHold(int score)
    {
        var reading = RiskReading.Of(score, State(ClaimOutcomes.Pending, FindingSeverity.Hold, FindingSeverity.Hold));

        reading.Band.ShouldBe(RiskBand.Hold);
        reading.Label.ShouldEndWith("· hold");
        if (score < RiskReading.HoldFrom)
        {
            reading.Note.ShouldNotBeNull().ShouldContain("2 holds");
        }
        else
        {
            reading.Note.ShouldBeNull();
        }
    }

    [Fact]
    public void GivenOnlyAnOpenReview_WhenALowScoreIsRead_ThenItReadsAtLeastReview()
    {
        var reading = RiskReading.Of(20, State(ClaimOutcomes.Pending, FindingSeverity.Review));

        (reading.Band, reading.Label).ShouldBe((RiskBand.Review, "20 / 100 · review"));
        reading.Note.ShouldNotBeNull().ShouldContain("the score alone reads low");
    }

    [Fact]
    public void GivenNothingOpen_WhenRead_ThenTheScoreDecidesTheBand()
    {
        RiskReading.Of(10, State()).Band.ShouldBe(RiskBand.Low);
        RiskReading.Of(65, State()).Band.ShouldBe(RiskBand.Review);
        RiskReading.Of(85, State()).Band.ShouldBe(RiskBand.Hold);
        RiskReading.Of(10, State()).ShowLikelyCauses.ShouldBeTrue();
    }

    [Theory]
    [InlineData(ClaimOutcomes.Paid, "The payer decided: Paid")]
    [InlineData(ClaimOutcomes.Denied, "The payer decided: Denied")]
    public void GivenADecidedClaim_WhenRead_ThenItShowsTheOutcomeWithoutBandOrLikelyCauses(string outcome, string label)
    {
        var reading = RiskReading.Of(78, State(outcome, FindingSeverity.Hold));

        (reading.Band, reading.Label, reading.ShowLikelyCauses).ShouldBe((null, label, false));
    }

    [Fact]
    public void GivenASentClaimWithAHoldFromBefore_WhenALowScoreIsRead_ThenThePreSubmitHoldDoesNotCount()
    {
        var reading = RiskReading.Of(30, State(ClaimOutcomes.Queued, FindingSeverity.Hold));

        (reading.Band, reading.ShowLikelyCauses).ShouldBe((RiskBand.Low, true));
    }
}
