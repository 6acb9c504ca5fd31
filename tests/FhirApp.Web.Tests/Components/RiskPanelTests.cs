using Bunit;
using FhirApp.Core.Denials;
using FhirApp.Core.Claims;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Queue;
using FhirApp.Web.Components.Common;
using Microsoft.AspNetCore.Components;

namespace FhirApp.Web.Tests.Components;

public sealed class RiskPanelTests : MudComponentTest
{
    private static readonly RiskScore High = new("claim-1", 85, 0.85,
        [new RiskReason(DenialCategory.TimelyFiling, 0.4) { Carc = "CO-29" }, new RiskReason(DenialCategory.Authorization, 0.3)],
        ["Filed 200 days after the date of service."], "v3", ColdStart: false);

    [Fact]
    public void GivenAHighScore_WhenRendered_ThenItShowsTheBandReasonsInPlainWordsAndTheExplanation()
    {
        var panel = Render<RiskPanel>(p => p.Add(x => x.Risk, High));

        panel.Find("#risk-score").TextContent.ShouldContain("85 / 100 · hold");
        panel.Find("#risk-reasons").TextContent.ShouldContain("timely filing 40 % (CO-29), authorization 30 %");
        panel.Find("#risk-explanation").TextContent.ShouldContain("Filed 200 days after the date of service.");
        panel.Markup.ShouldNotContain("TimelyFiling");
        panel.FindAll(".risk-override").ShouldBeEmpty("no override button without a handler");
    }

    [Fact]
    public void GivenALowScoreWithAnOpenHold_WhenRendered_ThenItReadsHoldAndSaysWhatTheScoreAloneReads()
    {
        var low = High with { Score = 40, Probability = 0.4 };
        var hold = new ScrubFinding { RuleId = "auth.missing", Category = FindingCategory.PriorAuthorization, Severity = FindingSeverity.Hold, Message = "m", Source = new SourceCitation("doc", "1") };
        var state = ClaimWorkState.Of(new ClaimSummary { Id = "claim-1", ResourceType = "Claim", Outcome = ClaimOutcomes.Pending }, [hold]);

        var panel = Render<RiskPanel>(p => p.Add(x => x.Risk, low).Add(x => x.Reading, RiskReading.Of(low.Score, state)));

        panel.Find("#risk-score").TextContent.ShouldBe("40 / 100 · hold");
        panel.Find("#risk-note").TextContent.ShouldContain("the score alone reads low");
        panel.Find("#risk").GetAttribute("data-band").ShouldBe("Hold");
    }

    [Fact]
    public void GivenADecidedClaim_WhenRendered_ThenItShowsTheOutcomeWithoutMostLikelyCausesOrAnOverride()
    {
        var state = ClaimWorkState.Of(new ClaimSummary { Id = "claim-1", ResourceType = "Claim", Outcome = ClaimOutcomes.Paid }, []);

        var panel = Render<RiskPanel>(p => p
            .Add(x => x.Risk, High)
            .Add(x => x.Reading, RiskReading.Of(High.Score, state))
            .Add(x => x.OnOverride, EventCallback.Factory.Create<(bool, string)>(this, _ => { })));

        panel.Find("#risk-score").TextContent.ShouldBe("The payer decided: Paid");
        panel.FindAll("#risk-reasons").ShouldBeEmpty();
        panel.FindAll(".risk-override").ShouldBeEmpty();
    }

    [Fact]
    public void GivenAColdStart_WhenRendered_ThenTheCaptionSaysOnlyTheTrainingHintItWasGiven()
    {
        var cold = High with { ColdStart = true, ModelVersion = "cold-start" };

        var panel = Render<RiskPanel>(p => p.Add(x => x.Risk, cold).Add(x => x.TrainingHint, "A model can be trained once FhirApp has the practice's adjudicated history to learn from."));

        var caption = panel.Find("#risk-caption").TextContent;
        caption.ShouldContain("once FhirApp has the practice's adjudicated history");
        caption.ShouldNotContain("model page");
    }

    [Fact]
    public void GivenNoScore_WhenRendered_ThenNothingIsShown()
    {
        Render<RiskPanel>().Markup.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void GivenAnOverrideHandler_WhenTheBillerGivesAReasonAndSaves_ThenTheHandlerGetsTheJudgementAndTheReason()
    {
        (bool ExpectsPaid, string Reason)? saved = null;
        var panel = Render<RiskPanel>(p => p
            .Add(x => x.Risk, High)
            .Add(x => x.OnOverride, EventCallback.Factory.Create<(bool, string)>(this, v => saved = v)));

        panel.Find("button.risk-override").Click();
        panel.Find(".risk-override-confirm").HasAttribute("disabled").ShouldBeTrue("no reason yet");
        panel.Find(".risk-override-reason input").Input("Payer confirmed the late filing waiver");
        // The reason reaches the panel through the field's own render: wait for that render (not for time) before saving.
        panel.WaitForAssertion(() => panel.Find(".risk-override-confirm").HasAttribute("disabled").ShouldBeFalse(), TimeSpan.FromSeconds(30));
        panel.Find(".risk-override-confirm").Click();

        // A high score the biller disputes: the likely judgement is that the payer will pay.
        panel.WaitForAssertion(() => saved.ShouldBe((true, "Payer confirmed the late filing waiver")), TimeSpan.FromSeconds(30));
    }
}
