using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Data;

public sealed class FindingDecisionsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));

    private static ScrubFinding Finding(string rule, int? line = null) => new()
    {
        RuleId = rule,
        Category = FindingCategory.PriorAuthorization,
        Severity = FindingSeverity.Hold,
        Message = "m",
        Source = new SourceCitation("doc", "1"),
        LineSequence = line,
    };

    private sealed class Factory(TestDatabase db) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => db.NewContext();
    }

    [Theory]
    [Engines]
    public async Task GivenOverrideWithReason_WhenDecisionsLoaded_ThenThatFindingIsPairedWithWhoWhenWhyAndOthersAreNot(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var decisions = new FindingDecisions(new Factory(db), Clock);
        var result = new ScrubResult("c1", [Finding("auth.required", 2), Finding("filing.limit-near")]) { PayerId = "org-payer-acme" };

        await decisions.OverrideAsync("practice-a", "c1", "org-payer-acme", result.Findings[0], "  Auth obtained by phone, ref 123  ", "Practitioner/pr-1", CancellationToken.None);
        var applied = (await decisions.LoadAsync("practice-a", ["c1"], CancellationToken.None)).Apply(result);

        applied.Count.ShouldBe(2);
        var overridden = applied.Single(a => a.Finding.RuleId == "auth.required").Override.ShouldNotBeNull();
        overridden.Reason.ShouldBe("Auth obtained by phone, ref 123");
        overridden.DecidedBy.ShouldBe("Practitioner/pr-1");
        overridden.DecidedAt.ShouldBe(Clock.GetUtcNow().UtcDateTime);
        applied.Single(a => a.Finding.RuleId == "filing.limit-near").Override.ShouldBeNull();
        // Another practice never sees this practice's decisions.
        (await decisions.LoadAsync("practice-b", ["c1"], CancellationToken.None)).Apply(result).ShouldAllBe(a => a.Override == null);
    }

    [Theory]
    [Engines]
    public async Task GivenRuleTurnedOffThenOnForAPayer_WhenApplied_ThenOnlyTheLatestSwitchCountsAndOnlyForThatPayer(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var decisions = new FindingDecisions(new Factory(db), Clock);
        var acme = new ScrubResult("c1", [Finding("modifiers.59-on-em")]) { PayerId = "org-payer-acme" };
        var other = new ScrubResult("c2", [Finding("modifiers.59-on-em")]) { PayerId = "org-payer-bluepeak" };

        await decisions.TurnOffAsync("practice-a", "org-payer-acme", "modifiers.59-on-em", RuleOffCause.ContractExempts, "Acme accepts 59 on E/M", "Practitioner/pr-1", CancellationToken.None);
        var afterOff = await decisions.LoadAsync("practice-a", ["c1", "c2"], CancellationToken.None);
        var listed = await decisions.TurnedOffAsync("practice-a", CancellationToken.None);
        await decisions.TurnOnAsync("practice-a", "org-payer-acme", "modifiers.59-on-em", "Contract amendment withdrawn", "Practitioner/pr-1", CancellationToken.None);
        var afterOn = await decisions.LoadAsync("practice-a", ["c1", "c2"], CancellationToken.None);

        afterOff.Apply(acme).ShouldBeEmpty();
        afterOff.Apply(other).Count.ShouldBe(1);
        afterOn.Apply(acme).Count.ShouldBe(1);
        listed.Select(l => (l.PayerId, l.RuleId, l.ChangedBy, l.Reason)).ShouldBe([("org-payer-acme", "modifiers.59-on-em", "Practitioner/pr-1", "Our contract with the payer exempts us: Acme accepts 59 on E/M")]);
        (await decisions.TurnedOffAsync("practice-a", CancellationToken.None)).ShouldBeEmpty("turned back on, it leaves the list");
        await using var ctx = db.NewContext();
        (await ctx.RuleSwitches.CountAsync()).ShouldBe(2, "both decisions are kept as the audit trail");
    }

    [Fact]
    public async Task GivenNoListedCauseOrNoWords_WhenTurningARuleOff_ThenRefusedAndNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var decisions = new FindingDecisions(new Factory(db), Clock);

        await Should.ThrowAsync<ArgumentException>(() => decisions.TurnOffAsync("p", "org-a", "filing.limit-passed", new RuleOffCause("annoying", "Annoying"), "it is", "u", CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => decisions.TurnOffAsync("p", "org-a", "filing.limit-passed", RuleOffCause.RuleIsWrong, "  ", "u", CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => decisions.TurnOnAsync("p", "org-a", "filing.limit-passed", "", "u", CancellationToken.None));

        (await decisions.TurnedOffAsync("p", CancellationToken.None)).ShouldBeEmpty();
        await using var ctx = db.NewContext();
        (await ctx.RuleSwitches.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("auth.number-missing", "Prior authorization: number missing")]
    [InlineData("coding.dx-not-covered", "Codes: diagnosis not covered")]
    [InlineData("modifiers.59-on-em", "Modifiers: 59 on E/M visit")]
    [InlineData("units.mue", "Units: units limit (MUE)")]
    [InlineData("learned", "Learned")]
    public void GivenARuleId_WhenNamed_ThenInABillersWords(string ruleId, string expected) => RuleNames.Of(ruleId).ShouldBe(expected);

    [Fact]
    public async Task GivenBlankReason_WhenOverriding_ThenRefused()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var decisions = new FindingDecisions(new Factory(db), Clock);

        await Should.ThrowAsync<ArgumentException>(() => decisions.OverrideAsync("p", "c1", null, Finding("x"), "   ", "u", CancellationToken.None));
    }

    [Theory]
    [Engines]
    public async Task GivenRepeatedOverridesOfOneRuleForOnePayer_WhenLoaded_ThenFeedbackCountsClaimsInTheWindowOnly(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var decisions = new FindingDecisions(new Factory(db), clock);
        await decisions.OverrideAsync("practice-a", "old", "org-payer-acme", Finding("modifiers.25-missing", 1), "too old to count", "u", CancellationToken.None);
        clock.Advance(FindingDecisions.FeedbackWindow + TimeSpan.FromDays(1));
        for (var i = 1; i <= 4; i++)
        {
            await decisions.OverrideAsync("practice-a", $"c{i}", "org-payer-acme", Finding("modifiers.25-missing", 1), $"payer waived {i}", "u", CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await decisions.OverrideAsync("practice-a", "c9", "org-payer-bluepeak", Finding("modifiers.25-missing", 1), "other payer", "u", CancellationToken.None);
        await decisions.OverrideAsync("practice-b", "c9", "org-payer-acme", Finding("modifiers.25-missing", 1), "other practice", "u", CancellationToken.None);

        var set = await decisions.LoadAsync("practice-a", [], CancellationToken.None);

        var feedback = set.FeedbackOn("org-payer-acme", "modifiers.25-missing").ShouldNotBeNull();
        (feedback.Claims, feedback.LatestReason, feedback.SuggestsTurningOff).ShouldBe((4, "payer waived 4", false));
        set.FeedbackOn("org-payer-bluepeak", "modifiers.25-missing").ShouldNotBeNull().Claims.ShouldBe(1);
        set.FeedbackOn("org-payer-acme", "auth.missing").ShouldBeNull();
        set.FeedbackOn(null, "modifiers.25-missing").ShouldBeNull();

        await decisions.OverrideAsync("practice-a", "c5", "org-payer-acme", Finding("modifiers.25-missing", 1), "payer waived 5", "u", CancellationToken.None);
        (await decisions.LoadAsync("practice-a", [], CancellationToken.None)).FeedbackOn("org-payer-acme", "modifiers.25-missing")!.SuggestsTurningOff.ShouldBeTrue();
    }
}
