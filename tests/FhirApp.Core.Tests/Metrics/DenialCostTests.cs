using FhirApp.Core.Appeals;
using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Metrics;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using FhirApp.Core.Tests.Denials;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Metrics;

/// <summary>
/// The cost of denials, the money back, the trends and the root causes, aggregated by each engine, against figures
/// worked out by hand in the comments.
/// </summary>
public sealed class DenialCostTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 31, 9, 0, 0, TimeSpan.Zero));

    private static readonly DateOnly Today = new(2026, 5, 31);

    private static MetricsService Metrics(TestDatabase db, FakeTimeProvider? clock = null) => new(db.Contexts, RuleBookLoader.Load(), new DenialOptions(), clock ?? Clock);

    private static StoredAdjudication Claim(string claim, DateOnly decided, decimal submitted, string payer = "payer-a", string? codes = null, string? payerName = null) => new()
    {
        Tenant = "t",
        ResourceType = "ExplanationOfBenefit",
        ResourceId = "eob-" + claim,
        VersionId = "1",
        IsCurrent = true,
        Source = "test",
        Outcome = "complete",
        Status = "active",
        Use = "claim",
        ClaimId = claim,
        PayerId = payer,
        PayerName = payerName,
        Provider = "org-practice",
        ProviderName = "Riverside Clinic",
        ProcedureCodes = codes,
        DecisionDate = decided,
        Submitted = submitted,
    };

    private static DenialWorkItem Denied(string claim, DateOnly decided, decimal amount, DenialStatus status = DenialStatus.Open, DateOnly? deadline = null, string payer = "payer-a",
        string? procedure = "20610", DenialCategory category = DenialCategory.Authorization, string? carc = "197", string? rule = "auth", int line = 1) => new()
    {
        Tenant = "t",
        ClaimId = claim,
        PayerId = payer,
        Provider = "org-practice",
        Procedure = procedure,
        AdjudicationType = "ExplanationOfBenefit",
        EobId = "eob-" + claim,
        EobVersion = "1",
        Line = line,
        Kind = DenialKind.Denial,
        Category = category,
        Owner = category == DenialCategory.Authorization ? DenialOwner.Authorization : DenialOwner.FrontDesk,
        Carc = carc,
        GroupCode = "CO",
        Rule = rule,
        Amount = amount,
        DecisionDate = decided,
        ServiceDate = decided.AddDays(-10),
        Deadline = deadline,
        Status = status,
    };

    private static AppealRecord Appeal(string claim, AppealStatus status, decimal amount) => new()
    {
        Tenant = "t",
        ClaimId = claim,
        PayerId = "payer-a",
        Category = DenialCategory.Authorization,
        Level = "first-level appeal",
        Amount = amount,
        Status = status,
        CreatedBy = "biller",
    };

    private static ClaimCorrection Fix(string claim, string rule) => new()
    {
        Tenant = "t",
        ClaimId = claim,
        RuleId = rule,
        Why = "test",
        ChangesJson = "[]",
        DraftJson = "{}",
        AcceptedBy = "coder",
        LaunchId = "l1",
    };

    private static async Task<TestDatabase> SeedAsync(string engine, Action<AppDbContext> seed)
    {
        var db = await TestDatabase.CreateAsync(engine);
        await using var ctx = db.NewContext();
        seed(ctx);
        await ctx.SaveChangesAsync();
        return db;
    }

    [Theory]
    [Engines]
    public async Task GivenFourMonthsWithDecisionsAndLostDollars_WhenRead_ThenTheMonthlyCostIsClaimsTimesRateTimesReworkPlusLostPerMonth(string engine)
    {
        await using var db = await SeedAsync(engine, ctx =>
        {
            // Last 12 months = 2025-06..2026-05. Decisions in Jan, Feb, Mar and May 2026 (April has none): 4 months.
            ctx.StoredAdjudications.AddRange(
                Claim("c1", new(2026, 1, 10), 100), Claim("c2", new(2026, 1, 20), 100), Claim("c3", new(2026, 2, 5), 100),
                Claim("c4", new(2026, 3, 5), 100), Claim("c5", new(2026, 3, 6), 100), Claim("c6", new(2026, 5, 2), 100),
                Claim("c7", new(2026, 5, 3), 100), Claim("c8", new(2026, 5, 4), 100),
                Claim("old", new(2025, 5, 31), 999)); // outside the window
            ctx.DenialWorkItems.AddRange(
                Denied("c1", new(2026, 1, 10), 300, DenialStatus.WrittenOff),                      // written off: lost
                Denied("c2", new(2026, 1, 20), 200, DenialStatus.Open, deadline: new(2026, 5, 1)),  // deadline passed, never appealed: lost
                Denied("c3", new(2026, 2, 5), 150, DenialStatus.Working, deadline: new(2026, 5, 30)), // passed yesterday, in progress: lost
                Denied("c4", new(2026, 3, 5), 80, DenialStatus.Open, deadline: new(2026, 4, 1)),    // passed, but an appeal reached the payer
                Denied("c5", new(2026, 3, 6), 70, DenialStatus.Appealed, deadline: new(2026, 4, 1)), // appealed in the queue: not lost
                Denied("c6", new(2026, 5, 2), 60, DenialStatus.Open, deadline: new(2026, 5, 31)),   // deadline is today: not passed yet
                Denied("old", new(2025, 5, 31), 999, DenialStatus.WrittenOff));                     // outside the window
            ctx.Appeals.Add(Appeal("c4", AppealStatus.Submitted, 80));
        });

        var cost = (await Metrics(db).GetDashboardAsync("t", CancellationToken.None)).Cost;

        (cost.MonthsWithDecisions, cost.ClaimsAdjudicated, cost.ClaimsDenied).ShouldBe((4, 8, 6));
        (cost.WrittenOff, cost.NeverAppealed).ShouldBe((300m, 350m));
        (cost.ReworkCostPerClaim, cost.ReworkCostIsPractices).ShouldBe((25m, false), "the documented default (Denials:ReworkCost)");
        cost.ClaimsPerMonth.ShouldBe(2.0);
        cost.DenialRate.ShouldBe(0.75);
        cost.LostPerMonth.ShouldBe(162.5m); // (300 + 350) / 4
        cost.MonthlyCost.ShouldBe(200m);    // 2 × 0.75 × $25 = $37.50, + $162.50
    }

    [Theory]
    [Engines]
    public async Task GivenAnOwnersReworkCost_WhenSavedTwice_ThenTheLatestIsUsedAuditedAndOutOfRangeRefused(string engine)
    {
        await using var db = await SeedAsync(engine, ctx =>
        {
            ctx.StoredAdjudications.AddRange(Claim("c1", Today, 100), Claim("c2", Today, 100));
            ctx.DenialWorkItems.Add(Denied("c1", Today, 40));
        });
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var metrics = Metrics(db, clock);
        var owner = new AuditActor("Practitioner/owner", "launch-1", null);

        await metrics.SetReworkCostAsync("t", 50m, owner, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await metrics.SetReworkCostAsync("t", 118m, owner, CancellationToken.None);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => metrics.SetReworkCostAsync("t", -1m, owner, CancellationToken.None));

        var cost = (await metrics.GetDashboardAsync("t", CancellationToken.None)).Cost;
        (cost.ReworkCostPerClaim, cost.ReworkCostIsPractices).ShouldBe((118m, true));
        cost.MonthlyCost.ShouldBe(118m); // 2 claims in 1 month × 50% denied × $118 = one reworked claim, nothing lost
        (await metrics.GetReworkCostAsync("other-practice", CancellationToken.None)).ShouldBe((25m, false), "one practice's figure is its own");
        await using var ctx = db.NewContext();
        (await ctx.AuditEntries.CountAsync(e => e.Purpose == "rework-cost")).ShouldBe(2);
    }

    [Theory]
    [Engines]
    public async Task GivenAppealOutcomesAndAcceptedFixes_WhenRead_ThenRecoveredAndKeptDollarsCountOnlyWhatThePayerDecided(string engine)
    {
        await using var db = await SeedAsync(engine, ctx =>
        {
            ctx.Appeals.AddRange(Appeal("a1", AppealStatus.Overturned, 200), Appeal("a2", AppealStatus.Partial, 90), Appeal("a3", AppealStatus.Upheld, 50), Appeal("a4", AppealStatus.Draft, 70));
            // a5: marked Appealed in the queue and the payer cleared it: recovered. a6: still denied: pending.
            var cleared = Denied("a5", Today, 40, DenialStatus.Appealed);
            cleared.ClearedByPayer = true;
            ctx.DenialWorkItems.AddRange(cleared, Denied("a6", Today, 30, DenialStatus.Appealed));
            // f1: auth fix, paid: kept. f2: auth fix, denied for auth anyway: not kept. f3: auth fix, denied for eligibility: kept
            // (the fixed cause did not recur). f4: fixed, no decision yet.
            ctx.StoredAdjudications.AddRange(Claim("f1", Today, 400), Claim("f2", Today, 300), Claim("f3", Today, 250));
            ctx.ClaimCorrections.AddRange(Fix("f1", "auth.required"), Fix("f1", "auth.number-format"), Fix("f2", "auth.required"), Fix("f3", "auth.required"), Fix("f4", "modifiers.em-59"));
            ctx.DenialWorkItems.AddRange(Denied("f2", Today, 300), Denied("f3", Today, 250, category: DenialCategory.Eligibility, carc: "27", rule: "eligibility"));
        });

        var d = await Metrics(db).GetDashboardAsync("t", CancellationToken.None);

        d.MoneyBack.ShouldBe(new MoneyBack
        {
            RecoveredByAppeals = 240m, // a1 $200 + a5 $40; a2's partial amount is unknown
            AppealsWon = 2,
            AppealsPartlyWon = 1,
            PreventedByFixes = 650m,   // f1 $400 + f3 $250
            ClaimsFixedAndPaid = 2,
            ClaimsFixedAwaitingDecision = 1,
        });
        (d.AppealsOverturned, d.AppealsEnded, d.AppealsPending).ShouldBe((3, 4, 1));
    }

    [Theory]
    [Engines]
    public async Task GivenRepeatedDenials_WhenRead_ThenTheTopThreeRootCausesComeByDollarsWithTheirClaimsAndATurnedOffRule(string engine)
    {
        await using var db = await SeedAsync(engine, ctx =>
        {
            ctx.StoredAdjudications.AddRange(Claim("x", Today, 1, payer: "org-payer-acme"));
            // Acme, 20610, CO-197: 3 claims, $750, since March.
            ctx.DenialWorkItems.AddRange(
                Denied("a1", new(2026, 3, 4), 250, payer: "org-payer-acme"), Denied("a2", new(2026, 4, 9), 250, payer: "org-payer-acme"),
                Denied("a3", new(2026, 5, 20), 250, payer: "org-payer-acme"),
                // BluePeak, 99214, PR-27 eligibility: 2 claims, $400.
                Denied("b1", new(2026, 4, 1), 200, payer: "org-payer-bluepeak", procedure: "99214", category: DenialCategory.Eligibility, carc: "27", rule: "eligibility"),
                Denied("b2", new(2026, 4, 2), 200, payer: "org-payer-bluepeak", procedure: "99214", category: DenialCategory.Eligibility, carc: "27", rule: "eligibility"),
                // Acme, 73562, CO-16 missing info: $300 on one claim (two lines).
                Denied("m1", new(2026, 5, 1), 150, payer: "org-payer-acme", procedure: "73562", category: DenialCategory.MissingInformation, carc: "16", rule: "missing"),
                Denied("m1", new(2026, 5, 1), 150, payer: "org-payer-acme", procedure: "73562", category: DenialCategory.MissingInformation, carc: "16", rule: "missing", line: 2),
                // A fourth, smaller cause stays out of the top three.
                Denied("s1", new(2026, 5, 1), 10, payer: "org-payer-acme", procedure: "99213", category: DenialCategory.Coding, carc: "4", rule: "modifiers"));
            // The auth check was turned off for Acme, then the filing check off and back on.
            ctx.RuleSwitches.AddRange(
                new RuleSwitch { Tenant = "t", PayerId = "org-payer-acme", RuleId = "auth.required", Disabled = true, Reason = "too many holds", ChangedBy = "owner", ChangedAt = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) },
                new RuleSwitch { Tenant = "t", PayerId = "org-payer-acme", RuleId = "missing.referring", Disabled = true, Reason = "x", ChangedBy = "owner", ChangedAt = new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) },
                new RuleSwitch { Tenant = "t", PayerId = "org-payer-acme", RuleId = "missing.referring", Disabled = false, Reason = "back", ChangedBy = "owner", ChangedAt = new(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc) });
        });

        var d = await Metrics(db).GetDashboardAsync("t", CancellationToken.None);

        d.RootCauses.Select(c => (c.PayerId, c.Procedure, c.Reason, c.Claims, c.Amount)).ShouldBe([
            ("org-payer-acme", "20610", "CO-197", 3, 750m),
            ("org-payer-bluepeak", null, "CO-27", 2, 400m),   // coverage does not depend on the code billed
            ("org-payer-acme", null, "CO-16", 1, 300m),
        ]);
        var auth = d.RootCauses[0];
        auth.Since.ShouldBe(new DateOnly(2026, 3, 4));
        auth.ClaimList.Select(c => c.ClaimId).ShouldBe(["a3", "a2", "a1"], "most recent decision first");
        auth.RuleTurnedOff.ShouldBe("auth.required");
        d.RootCauses[2].RuleTurnedOff.ShouldBeNull("the missing-information rule was turned back on");
        d.RootCauses[2].ClaimList.ShouldHaveSingleItem().Amount.ShouldBe(300m);
        var payer = d.PayerName(auth.PayerId);
        payer.ShouldBe("Acme Health Plan", "the shipped payer file names it");
        RootCauseAdvice.Finding(auth, payer).ShouldBe("Acme Health Plan denied 3 claims for 20610 (CO-197: precertification or authorization missing) since March 2026: $750.00.");
        RootCauseAdvice.Recommendation(auth, payer).ShouldStartWith("The authorization check is turned off for Acme Health Plan: turn it back on (Payer rules). Turn on the authorization check for 20610");
    }

    [Theory]
    [Engines]
    public async Task GivenDenialsAcrossMonths_WhenRead_ThenTrendsArePerMonthAndKeyWithDistinctClaims(string engine)
    {
        await using var db = await SeedAsync(engine, ctx => ctx.DenialWorkItems.AddRange(
            Denied("c1", new(2026, 3, 4), 100, payer: "p1"),
            Denied("c1", new(2026, 3, 4), 50, payer: "p1", procedure: "99213", line: 2),
            Denied("c2", new(2026, 3, 30), 25, payer: "p2", category: DenialCategory.Coding),
            Denied("c3", new(2026, 5, 1), 10, payer: "p1"),
            Denied("c4", new(2025, 5, 31), 999, payer: "p1"))); // outside the last 12 months

        var trends = (await Metrics(db).GetDashboardAsync("t", CancellationToken.None)).Trends;

        trends[TrendDimension.Payer].ShouldBe([
            new TrendPoint("2026-03", "p1", 1, 150m),
            new TrendPoint("2026-03", "p2", 1, 25m),
            new TrendPoint("2026-05", "p1", 1, 10m),
        ]);
        trends[TrendDimension.Category].ShouldBe([
            new TrendPoint("2026-03", "Authorization", 1, 150m),
            new TrendPoint("2026-03", "Coding", 1, 25m),
            new TrendPoint("2026-05", "Authorization", 1, 10m),
        ]);
        trends[TrendDimension.Procedure].Where(p => p.Month == "2026-03").ShouldBe([new TrendPoint("2026-03", "20610", 2, 125m), new TrendPoint("2026-03", "99213", 1, 50m)]);
        trends[TrendDimension.Provider].ShouldAllBe(p => p.Key == "org-practice");
    }

    [Theory]
    [Engines]
    public async Task GivenTheDemoPracticeStoredThroughTheIntake_WhenRead_ThenTheCostFiguresMatchTheHandCount(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var intake = new DenialIntake(db.Contexts, new DenialDetector(DenialCauseTable.Load()), new DenialDeadlines(RuleBookLoader.Load().Payers, clock), clock);
        await intake.StoreAsync("t", "test", DenialIntakeTests.DemoAdjudications(), CancellationToken.None);

        var d = await Metrics(db, clock).GetDashboardAsync("t", CancellationToken.None);

        // 7 claims decided in Jan (1), Feb (2), Mar (3) and Apr (1) 2026; 4 denied (CO-197, CO-236, CO-50, PR-27 ×2 lines).
        (d.Cost.MonthsWithDecisions, d.Cost.ClaimsAdjudicated, d.Cost.ClaimsDenied).ShouldBe((4, 7, 4));
        (d.Cost.WrittenOff, d.Cost.NeverAppealed).ShouldBe((0m, DemoNeverAppealed));
        d.Cost.MonthlyCost.ShouldBe(DemoMonthlyCost);
        d.PayerName("org-payer-bluepeak").ShouldBe("BluePeak Blue Cross");
        d.ProviderName("org-practice").ShouldBe("Riverside Orthopedics & Specialty Care", "the EOBs name the billing provider");
        // By dollars: BluePeak's CO-236 ($1,100), BluePeak's PR-27 on one claim's two lines ($195 + $95), Acme's CO-197 ($250).
        d.RootCauses.Select(c => (c.Reason, c.Claims, c.Amount)).ShouldBe([("CO-236", 1, 1100m), ("PR-27", 1, 290m), ("CO-197", 1, 250m)]);
    }

    // On 2026-05-01 no demo deadline has passed yet (the nearest, CO-236's, is 2026-05-07): nothing lost.
    private const decimal DemoNeverAppealed = 0m;

    // 4 denied claims × $25 ÷ 4 months = 1.75 claims × 4/7 × $25 = $25.00 a month.
    private const decimal DemoMonthlyCost = 25m;
}
