using FhirApp.Core.Data;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Tests.Data;
using FhirApp.Core.Tests.Scoring.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Learning;

/// <summary>
/// A practice's learned payer rules in the app database: versions only when the rules change, owners' decisions that
/// the scrubber follows (a dismissed rule never fires, a confirmed one outlives the mining that found it), drift flags.
/// </summary>
[Collection(RegistryPracticeGroup.Name)]
public sealed class PracticeRuleBooksTests(RegistryPractice practice)
{
    private const string Tenant = RegistryPractice.Tenant;
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    [Engines]
    public async Task GivenAHistory_WhenLearnedTwice_ThenOneVersionIsStoredAndBothRunsAreRecorded(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var books = Books(db, RegistryPractice.Options(practice.History));

        var first = await books.LearnAsync(Tenant, "schedule", CancellationToken.None);
        var second = await books.LearnAsync(Tenant, "manual", CancellationToken.None);
        await books.LearnIfNeverLearnedAsync(Tenant, "start", CancellationToken.None);

        first.ShouldStartWith("Version 1: ");
        second.ShouldStartWith("Same rules as version 1: ");
        await using var check = db.NewContext();
        (await check.LearnedRuleBooks.CountAsync()).ShouldBe(1);
        var runs = await check.JobRuns.OrderBy(r => r.Id).ToListAsync();
        runs.Select(r => (r.Job, r.Outcome, r.Stored)).ShouldBe([(PracticeRuleBooks.LearnJob, JobRunOutcome.Succeeded, 1), (PracticeRuleBooks.LearnJob, JobRunOutcome.Succeeded, 0)],
            "learning at start is skipped once the practice has rules");
        var current = await books.CurrentAsync(Tenant, CancellationToken.None);
        current.Number.ShouldBe(1);
        current.Mined.History.Adjudicated.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task GivenNoHistory_WhenLearned_ThenTheRunSaysSoAndLearningAtStartRecordsNothing()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var books = Books(db, RegistryPractice.Options(null));

        await books.LearnIfNeverLearnedAsync(Tenant, "start", CancellationToken.None);
        (await books.LearnAsync(Tenant, "manual", CancellationToken.None)).ShouldBe(PracticeRuleBooks.NoHistoryMessage);

        await using var check = db.NewContext();
        (await check.JobRuns.CountAsync()).ShouldBe(1);
        (await books.CurrentAsync(Tenant, CancellationToken.None)).ShouldBe(PracticeRuleBook.None);
    }

    [Theory]
    [Engines]
    public async Task GivenAStoredBook_WhenAnOwnerDismissesOneRuleAndConfirmsAnother_ThenTheScrubberDropsTheFirstAndKeepsTheSecondAfterAMiningLosesIt(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var books = Books(db, RegistryPractice.Options(null));
        var auth = Rule("auth-required|org-test|20610", LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "20610" });
        var referring = Rule("referring-required|org-test|73562", LearnedShape.ReferringRequired, new LearnedRuleParameters { Code = "73562" });
        await StoreAsync(db, 1, auth, referring);

        await books.DecideAsync(Tenant, auth.Id, confirm: false, "We hold a standing authorization", "Practitioner/owner", CancellationToken.None);
        await books.DecideAsync(Tenant, referring.Id, confirm: true, "The payer's bulletin says so", "Practitioner/owner", CancellationToken.None);
        var decided = await books.CurrentAsync(Tenant, CancellationToken.None);

        decided.Rules.Select(r => (r.Rule.Id, r.Status)).ShouldBe([(auth.Id, PracticeRuleStatus.Dismissed), (referring.Id, PracticeRuleStatus.Confirmed)], ignoreOrder: true);
        decided.Effective.Rules.Select(r => r.Id).ShouldBe([referring.Id]);
        (await books.ScrubberAsync(Tenant, CancellationToken.None)).Learned!.Rules.Select(r => r.Id).ShouldBe([referring.Id]);
        decided.Rules.Single(r => r.Rule.Id == auth.Id).Decision!.Reason.ShouldBe("We hold a standing authorization");

        await StoreAsync(db, 2, Rule("filing-limit|org-test|", LearnedShape.FilingLimit, new LearnedRuleParameters { Days = 60 }));
        var later = await books.CurrentAsync(Tenant, CancellationToken.None);

        later.Number.ShouldBe(2);
        var kept = later.Rules.Single(r => r.Rule.Id == referring.Id);
        kept.Status.ShouldBe(PracticeRuleStatus.Confirmed);
        kept.Drift.ShouldContain(d => d.Contains("no longer finds it", StringComparison.Ordinal));
        later.Effective.Rules.Select(r => r.Id).ShouldBe(["filing-limit|org-test|", referring.Id], ignoreOrder: true);
        later.Rules.ShouldNotContain(r => r.Rule.Id == auth.Id, "a dismissed rule the latest mining no longer finds is simply gone");
        await using var check = db.NewContext();
        (await check.AuditEntries.CountAsync(e => e.Purpose == "learned-rule-dismiss" || e.Purpose == "learned-rule-confirm")).ShouldBe(2);
    }

    [Fact]
    public async Task GivenADecisionWithoutAReasonOrForARuleNotLearned_WhenMade_ThenRefusedAndNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var books = Books(db, RegistryPractice.Options(null));
        var auth = Rule("auth-required|org-test|20610", LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "20610" });
        await StoreAsync(db, 1, auth);

        await Should.ThrowAsync<ArgumentException>(() => books.DecideAsync(Tenant, auth.Id, confirm: false, "  ", "Practitioner/owner", CancellationToken.None));
        await Should.ThrowAsync<InvalidOperationException>(() => books.DecideAsync(Tenant, "auth-required|org-test|99999", confirm: true, "why", "Practitioner/owner", CancellationToken.None));

        await using var check = db.NewContext();
        (await check.LearnedRuleDecisions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task GivenARuleThatDisagreesWithThePolicyFileOrWentQuiet_WhenRead_ThenItCarriesDriftFlagsInWords()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var books = Books(db, RegistryPractice.Options(null));
        // The shipped Acme file says 90 days and lists 20610 for prior authorization, not 99213.
        var filing = Rule("filing-limit|org-payer-acme|", LearnedShape.FilingLimit, new LearnedRuleParameters { Days = 60 }, payer: "org-payer-acme") with
        {
            LastDenied = new DateOnly(2026, 3, 1),
        };
        var agreeing = Rule("auth-required|org-payer-acme|20610", LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "20610" }, payer: "org-payer-acme");
        var missing = Rule("auth-required|org-payer-acme|99213", LearnedShape.AuthRequired, new LearnedRuleParameters { Code = "99213" }, payer: "org-payer-acme") with
        {
            EffectiveTo = new DateOnly(2026, 9, 30),
        };
        await StoreAsync(db, 1, filing, agreeing, missing);

        var rules = (await books.CurrentAsync(Tenant, CancellationToken.None)).Rules.ToDictionary(r => r.Rule.Id, r => r.Drift);

        rules[filing.Id].ShouldBe(["No denial of this kind since Mar 1, 2026.", "The payer's policy file says 90 days; its denials say 60."]);
        rules[agreeing.Id].ShouldBeEmpty();
        rules[missing.Id].ShouldBe(["Stopped: the payer paid these claims after Sep 30, 2026.", "The payer's policy file does not list 99213 for prior authorization."]);
    }

    private static PracticeRuleBooks Books(TestDatabase db, Core.Scoring.ScoringOptions options)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        var scrubber = new ClaimScrubber(RegistryPractice.Rules, ScrubRules.All, clock);
        return new PracticeRuleBooks(db.Contexts, scrubber, options, clock, NullLogger<PracticeRuleBooks>.Instance);
    }

    private static async Task StoreAsync(TestDatabase db, int number, params LearnedRule[] rules)
    {
        var book = new LearnedRuleBook
        {
            Payers = [LearnedRuleFindingTests.Payer("org-test")],
            Rules = rules,
            History = new LearnedHistorySummary { Adjudicated = 100, FirstService = new DateOnly(2026, 1, 1), LastService = new DateOnly(2026, 11, 30) },
        }.WithVersion();
        await using var context = db.NewContext();
        context.LearnedRuleBooks.Add(new LearnedRuleBookVersion
        {
            Tenant = Tenant,
            Number = number,
            ContentHash = book.Version,
            Trigger = "test",
            MinedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            AdjudicatedClaims = 100,
            Rules = rules.Length,
            Json = book.ToJson(),
        });
        await context.SaveChangesAsync();
    }

    private static LearnedRule Rule(string id, LearnedShape shape, LearnedRuleParameters parameters, string payer = "org-test") =>
        LearnedRuleFindingTests.Rule(payer, shape, parameters) with { Id = id, LastDenied = new DateOnly(2026, 11, 1), LastSeen = new DateOnly(2026, 11, 20) };
}
