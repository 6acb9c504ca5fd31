using FhirApp.Core.Claims;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Scrubbing.Corrections;

/// <summary>
/// The demo's pre-submit claim claim-maria-followup has two fixable holds: an E/M without 25 whose note names a separate
/// problem, and an auth on file whose number is not on the claim. Drafts are checked by re-scrubbing them.
/// </summary>
public sealed class ClaimCorrectorTests
{
    private static readonly ClaimScrubber Scrubber =
        new(RuleBookLoader.Load(), ScrubRules.All, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));

    private static readonly ClaimCorrector Corrector = new(Scrubber);

    private static (ClaimContext Context, ScrubResult Result) FollowUp()
    {
        var context = new ClaimContextBuilder().Build(FhirFixtures.DemoRecord(), "claim-maria-followup").ShouldNotBeNull();
        return (context, Scrubber.Scrub(context));
    }

    [Fact]
    public void GivenFixableFindings_WhenProposed_ThenEachDraftClearsItsFindingAndSaysWhatChanged()
    {
        var (context, result) = FollowUp();

        var proposals = Corrector.Propose(context, result);

        proposals.Select(p => p.Finding.RuleId).Order().ShouldBe(["auth.number-missing", "modifiers.25-missing"]);
        var auth = proposals.Single(p => p.Finding.RuleId == "auth.number-missing");
        auth.Changes.ShouldBe([new ClaimChange("Claim.insurance[0].preAuthRef", null, "ACM-PA-778812")]);
        auth.Draft.Insurance[0].PreAuthRef.ShouldBe(["ACM-PA-778812"]);
        var modifier = proposals.Single(p => p.Finding.RuleId == "modifiers.25-missing");
        modifier.Changes.ShouldBe([new ClaimChange("Claim.item[0].modifier", null, "25")]);
        foreach (var p in proposals)
        {
            p.Draft.Status.ShouldBe(FinancialResourceStatusCodes.Draft);
            p.Draft.Id.ShouldBe("claim-maria-followup");
            Scrubber.Scrub(context with { Claim = p.Draft }).Findings.ShouldNotContain(f => f.RuleId == p.Finding.RuleId);
        }
        // The claim in the context is never touched: drafts are copies.
        context.Claim!.Item[0].Modifier.ShouldBeEmpty();
        context.Claim.Insurance[0].PreAuthRef.ShouldBeEmpty();
    }

    [Fact]
    public void GivenAnAcceptedDraft_WhenTheNextFixIsVerifiedOnIt_ThenTheDraftsStack()
    {
        var (context, result) = FollowUp();
        var proposals = Corrector.Propose(context, result);
        var first = proposals.Single(p => p.Finding.RuleId == "modifiers.25-missing");
        var second = proposals.Single(p => p.Finding.RuleId == "auth.number-missing");

        var stacked = Corrector.Verify(context, Scrubber.Scrub(context with { Claim = first.Draft }), second.Finding, first.Draft).ShouldNotBeNull();

        stacked.Draft.Item[0].Modifier.ShouldHaveSingleItem().Coding[0].Code.ShouldBe("25");
        stacked.Draft.Insurance[0].PreAuthRef.ShouldBe(["ACM-PA-778812"]);
        Scrubber.Scrub(context with { Claim = stacked.Draft }).Findings.ShouldNotContain(f => f.Severity == FindingSeverity.Hold && f.RuleId != "filing.limit-passed");
        // The same fix again changes nothing, so it is not offered twice.
        Corrector.Verify(context, Scrubber.Scrub(context with { Claim = stacked.Draft }), second.Finding, stacked.Draft).ShouldBeNull();
    }

    [Fact]
    public void GivenAFixThatDoesNotClearItsFinding_WhenVerified_ThenNoProposal()
    {
        var (context, result) = FollowUp();
        var finding = result.Findings.Single(f => f.RuleId == "modifiers.25-missing") with { Fix = ClaimFix.AddModifier(2, "59", "test") };

        Corrector.Verify(context, result, finding, context.Claim!).ShouldBeNull();
    }

    [Theory]
    [InlineData("2", false)] // 20610 re-pointed to E11.9 alone: Acme does not cover 20610 for diabetes, a new hold
    [InlineData("1,2", true)] // M17.11 still first: nothing new
    public void GivenAFixThatRaisesANewHold_WhenVerified_ThenNoProposal(string pointers, bool offered)
    {
        var (context, result) = FollowUp();
        var finding = new ScrubFinding
        {
            RuleId = "test.repoint",
            Category = FindingCategory.Coding,
            Severity = FindingSeverity.Review,
            Message = "m",
            Source = new SourceCitation("test", "1"),
            LineSequence = 2,
            Fix = ClaimFix.SetDiagnosisPointers(2, pointers.Split(',').Select(int.Parse), "test"),
        };

        (Corrector.Verify(context, result, finding, context.Claim!) is not null).ShouldBe(offered);
    }

    [Fact]
    public void GivenUnitsFix_WhenApplied_ThenTheLineTotalFollowsTheUnitPrice()
    {
        var claim = new Claim
        {
            Item = [new Claim.ItemComponent { Sequence = 1, Quantity = new Quantity { Value = 4 }, UnitPrice = new Money { Value = 40m, Currency = Money.Currencies.USD }, Net = new Money { Value = 160m } }],
        };

        var changes = ClaimFix.SetUnits(1, 3, "test").ApplyTo(claim);

        changes.ShouldBe([new ClaimChange("Claim.item[0].quantity", "4", "3")]);
        claim.Item[0].Net.ShouldNotBeNull().Value.ShouldBe(120m);
    }
}
