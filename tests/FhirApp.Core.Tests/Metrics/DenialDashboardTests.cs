using FhirApp.Core.Appeals;
using FhirApp.Core.Common;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Metrics;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Metrics;

/// <summary>The dashboard's metrics, aggregated by each database engine, on hand-built stored rows at their boundaries.</summary>
public sealed class DenialDashboardTests
{
    private static readonly DateOnly Today = new(2026, 5, 31);

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 31, 9, 0, 0, TimeSpan.Zero));

    private static DenialService Service(TestDatabase db)
    {
        var table = DenialCauseTable.Load();
        return new(db.Contexts, new DenialTriage(table, new DenialOptions()), new DenialDeadlines(RuleBookLoader.Load().Payers, Clock), new DenialOptions(), Clock);
    }

    private static MetricsService Metrics(TestDatabase db) => new(db.Contexts, RuleBookLoader.Load(), new DenialOptions(), Clock);

    private static StoredAdjudication Version(string claim, string id, string version, DateOnly decided, decimal submitted, int denialLines, bool current = true, string? outcome = "complete", string provider = "prov-a", string? procedures = null, string? rendering = null, string use = "claim") => new()
    {
        Tenant = "t",
        ResourceType = "ExplanationOfBenefit",
        ResourceId = id,
        VersionId = version,
        IsCurrent = current,
        Source = "test",
        Outcome = outcome,
        Status = "active",
        Use = use,
        ClaimId = claim,
        PayerId = "payer",
        Provider = provider,
        ProcedureCodes = procedures,
        RenderingProvider = rendering,
        DecisionDate = decided,
        Submitted = submitted,
        DenialLines = denialLines,
    };

    private static DenialWorkItem Item(string claim, DateOnly decided, decimal amount, DenialStatus status = DenialStatus.Open, bool cleared = false, string provider = "prov-a", DenialKind kind = DenialKind.Denial, int line = 1, string? procedure = null, string? rendering = null) => new()
    {
        Tenant = "t",
        ClaimId = claim,
        PayerId = "payer",
        Provider = provider,
        Procedure = procedure,
        RenderingProvider = rendering,
        AdjudicationType = "ExplanationOfBenefit",
        EobId = "eob-" + claim,
        EobVersion = "1",
        Line = line,
        Kind = kind,
        Category = DenialCategory.Authorization,
        Carc = "197",
        GroupCode = "CO",
        Amount = amount,
        DecisionDate = decided,
        Status = status,
        ClearedByPayer = cleared,
    };

    private static async Task<DenialDashboard> DashboardAsync(string engine, IEnumerable<StoredAdjudication> versions, IEnumerable<DenialWorkItem> items)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using (var ctx = db.NewContext())
        {
            ctx.StoredAdjudications.AddRange(versions);
            ctx.DenialWorkItems.AddRange(items);
            await ctx.SaveChangesAsync();
        }

        return await Metrics(db).GetDashboardAsync("t", CancellationToken.None);
    }

    [Theory]
    [Engines]
    public async Task GivenClaimsWhoseFirstVersionDeniedOrRejected_WhenRead_ThenFirstPassYieldCountsOnlyCleanFirstAdjudications(string engine)
    {
        var d = await DashboardAsync(engine, [
            Version("c1", "e1", "1", new(2026, 5, 1), 100, 0),
            Version("c2", "e2", "1", new(2026, 5, 1), 100, 1, current: false),
            Version("c2", "e2", "2", new(2026, 5, 20), 100, 0), // a later clean version does not make the first pass clean
            Version("c3", "e3", "1", new(2026, 5, 2), 100, 0, outcome: "error"),
            Version("c4", "e4", "1", new(2026, 5, 3), 100, 0, outcome: "queued"),
        ], []);

        (d.ClaimsFirstAdjudicated, d.ClaimsCleanFirstPass).ShouldBe((3, 1), "queued is not adjudicated; a denied first version and a rejection are not clean");
        d.FirstPassYield.ShouldBe(1.0 / 3);
        d.ToCsv().ShouldContain("first_pass_yield,0.3333");
    }

    [Theory]
    [Engines]
    public async Task GivenNoAdjudications_WhenRead_ThenNoFirstPassYieldAndNoAppealOutcomes(string engine)
    {
        var d = await DashboardAsync(engine, [], [Item("c1", Today, 50, DenialStatus.Appealed)]);

        d.FirstPassYield.ShouldBeNull();
        (d.OverturnRate, d.AppealsPending).ShouldBe((null, 1));
        d.ToCsv().ShouldContain("overturn_rate,no appeal outcomes yet");
    }

    [Theory]
    [Engines]
    public async Task GivenRecordedAppealOutcomes_WhenRead_ThenTheyDecideTheOverturnRateAndMoveTheQueuesExpectedValue(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using (var ctx = db.NewContext())
        {
            // c1: queue says Appealed and the payer has not cleared it, but the biller recorded an upheld decision.
            ctx.DenialWorkItems.AddRange(Item("c1", Today, 100, DenialStatus.Appealed), Item("c5", Today, 400));
            ctx.Appeals.AddRange(
                Appeal("c1", AppealStatus.Upheld, 100), Appeal("c2", AppealStatus.Overturned, 200), Appeal("c3", AppealStatus.Partial, 50),
                Appeal("c4", AppealStatus.Submitted, 70), Appeal("c6", AppealStatus.Draft, 10), Appeal("c7", AppealStatus.Overturned, 30));
            await ctx.SaveChangesAsync();
        }
        var service = Service(db);

        var d = await Metrics(db).GetDashboardAsync("t", CancellationToken.None);

        (d.AppealsOverturned, d.AppealsEnded, d.AppealsPending).ShouldBe((3, 4, 1), "a draft is no appeal; c1's recorded decision wins over its queue status");
        d.OverturnRate.ShouldBe(0.75);
        d.OverturnByPayer.ShouldHaveSingleItem().ShouldBe(new DashboardRow("payer", 4, 280m, 0.75));
        d.ToCsv().ShouldContain("overturn_by_payer,count,amount,rate");

        // Authorization prior 0.5 (carc-categories.json); 4 decided authorization appeals with this payer, 2.5 wins (a partial
        // counts half): category (2.5 + 2.5) / 9 = 5/9, payer the same cell (2.5 + 5·5/9) / 9; the item's level (none) has no appeals.
        var row = (await service.GetQueueAsync("t", includeClosed: false, CancellationToken.None)).Single(r => r.ClaimId == "c5");
        row.OverturnProbability.ShouldBe((2.5 + (5 * 5.0 / 9)) / 9, 1e-9);
        row.OverturnBasis.ShouldNotBeNull().ShouldContain("4 decided authorization appeal(s), 4 with this payer");
        row.ExpectedValue.ShouldBe(decimal.Round((decimal)row.OverturnProbability * 400m - new DenialOptions().ReworkCost, 2));
    }

    private static AppealRecord Appeal(string claim, AppealStatus status, decimal amount) => new()
    {
        Tenant = "t",
        ClaimId = claim,
        PayerId = "payer",
        Category = DenialCategory.Authorization,
        Level = "first-level appeal",
        Amount = amount,
        Status = status,
        CreatedBy = "biller",
    };

    [Theory]
    [Engines]
    public async Task GivenAppealedItemsThePayerClearedAndOnesStillDenied_WhenRead_ThenOverturnsCountAndPendingAreApart(string engine)
    {
        var d = await DashboardAsync(engine, [], [
            Item("c1", Today, 50, DenialStatus.Appealed, cleared: true),
            Item("c2", Today, 50, DenialStatus.Appealed),
            Item("c3", Today, 50, DenialStatus.Open, cleared: true),
        ]);

        (d.AppealsOverturned, d.AppealsEnded, d.AppealsPending).ShouldBe((1, 1, 1), "only appealed items count; a cleared item is not pending");
        d.OverturnRate.ShouldBe(1.0);
    }

    [Theory]
    [Engines]
    public async Task GivenOpenItemsAtTheBucketEdges_WhenRead_ThenDenialArAgingPutsDay30And31And90And91Apart(string engine)
    {
        var d = await DashboardAsync(engine, [], [
            Item("a", Today.AddDays(-30), 1),
            Item("b", Today.AddDays(-31), 2),
            Item("c", Today.AddDays(-60), 4),
            Item("d", Today.AddDays(-61), 8),
            Item("e", Today.AddDays(-90), 16),
            Item("f", Today.AddDays(-91), 32),
            Item("g", Today.AddDays(-200), 64, DenialStatus.Closed),
        ]);

        d.Aging.ShouldBe([
            new DashboardRow("0-30 days", 1, 1),
            new DashboardRow("31-60 days", 2, 6),
            new DashboardRow("61-90 days", 2, 24),
            new DashboardRow("over 90 days", 1, 32),
        ], "closed items are not open A/R");
        d.ToCsv().ShouldContain("denial_ar_aging,count,amount,rate");
    }

    [Theory]
    [Engines]
    public async Task GivenDecisionsAcrossMonths_WhenRead_ThenTheLastTwelveMonthsCarryRatesByCountAndDollars(string engine)
    {
        var d = await DashboardAsync(engine, [
            Version("c1", "e1", "1", new(2026, 5, 1), 100, 1),
            Version("c2", "e2", "1", new(2026, 5, 31), 300, 0),
            Version("c3", "e3", "1", new(2026, 4, 30), 200, 0),
            Version("old", "e4", "1", new(2025, 5, 31), 999, 1),
            Version("first", "e5", "1", new(2025, 6, 1), 50, 1),
        ], [
            Item("c1", new(2026, 5, 1), 40),
            Item("old", new(2025, 5, 31), 999),
            Item("first", new(2025, 6, 1), 50),
        ]);

        d.Monthly.Count.ShouldBe(12);
        d.Monthly[0].ShouldBe(new MonthlyRow("2025-06", 1, 1, 50, 50), "May 2025 is outside the last 12 months");
        d.Monthly[10].ShouldBe(new MonthlyRow("2026-04", 1, 0, 200, 0));
        d.Monthly[11].ShouldBe(new MonthlyRow("2026-05", 2, 1, 400, 40));
        (d.Monthly[11].RateByCount, d.Monthly[11].RateByDollars).ShouldBe((0.5, 0.1));
        d.Monthly[5].RateByCount.ShouldBeNull("a month with no claims has no rate");
        d.ToCsv().ShouldContain("2026-05,2,1,"); // dollars print with the engine's decimal scale
        d.ToCsv().ShouldEndWith(",0.5,0.1\n".Replace("\n", CsvText.RowEnd, StringComparison.Ordinal));
    }

    [Theory]
    [Engines]
    public async Task GivenTwoBillingProviders_WhenRead_ThenDenialRateIsPerProvider(string engine)
    {
        var d = await DashboardAsync(engine, [
            Version("c1", "e1", "1", Today, 100, 1, provider: "prov-a"),
            Version("c2", "e2", "1", Today, 100, 0, provider: "prov-a"),
            Version("c3", "e3", "1", Today, 100, 1, provider: "prov-b"),
        ], [Item("c1", Today, 10, provider: "prov-a"), Item("c3", Today, 30, provider: "prov-b")]);

        d.ByProvider.ShouldBe([new DashboardRow("prov-b", 1, 30, 1.0), new DashboardRow("prov-a", 1, 10, 0.5)]);
        d.ToCsv().ShouldContain("by_billing_provider,count,amount,rate");
    }

    [Theory]
    [Engines]
    public async Task GivenThreeClaimsWith99213AndOneDeniedOnThatLine_WhenRead_ThenItsRateIsOneThirdAndOtherLinesCountApart(string engine)
    {
        var d = await DashboardAsync(engine, [
            Version("c1", "e1", "1", Today, 100, 1, procedures: "99213"),
            Version("c2", "e2", "1", Today, 100, 1, procedures: "99213 85025"),
            Version("c3", "e3", "1", Today, 100, 0, procedures: "99213"),
            Version("c4", "e4", "1", Today, 100, 0, current: false, procedures: "99213"), // replaced by a version without 99213
            Version("c4", "e4", "2", Today, 100, 0, procedures: "97110"),
            Version("c5", "e5", "1", Today, 100, 0, procedures: "99213", use: "preauthorization"),
            Version("c6", "e6", "1", Today, 300, 1, procedures: "99214 85025"),
        ], [
            Item("c1", Today, 40, procedure: "99213"),
            Item("c2", Today, 15, procedure: "85025"),
            Item("c6", Today, 300, line: 0), // a whole-claim denial: every code on the claim was denied
        ]);

        d.ByProcedure.ShouldBe([
            new DashboardRow("85025", 2, 15, 1.0),
            new DashboardRow("99214", 1, 0, 1.0),
            new DashboardRow("99213", 1, 40, 1.0 / 3),
        ], "c2's denied 85025 line is not a 99213 denial; older versions and preauthorizations are not adjudicated claims");
        d.ToCsv().ShouldContain("by_procedure,count,amount,rate" + CsvText.RowEnd + "85025,2,");
    }

    [Theory]
    [Engines]
    public async Task GivenRenderingProvidersOnClaimsAndLines_WhenRead_ThenDenialRateIsPerRenderingProvider(string engine)
    {
        var d = await DashboardAsync(engine, [
            Version("c1", "e1", "1", Today, 100, 1, rendering: "npi-1"),
            Version("c2", "e2", "1", Today, 100, 0, rendering: "npi-1"),
            Version("c3", "e3", "1", Today, 100, 1, rendering: "npi-1"),
            Version("c4", "e4", "1", Today, 100, 1),
        ], [
            Item("c1", Today, 40, rendering: "npi-1"),
            Item("c3", Today, 25, rendering: "npi-2"), // a line rendered by someone other than the claim's rendering provider
            Item("c4", Today, 10),
        ]);

        d.ByRenderingProvider.ShouldBe([
            new DashboardRow("(unknown)", 1, 10, 1.0),
            new DashboardRow("npi-2", 1, 25, 1.0),
            new DashboardRow("npi-1", 1, 40, 1.0 / 3),
        ]);
        d.ByProvider.ShouldBe([new DashboardRow("prov-a", 3, 75, 0.75)], "the billing provider table is unchanged");
        d.ToCsv().ShouldContain("by_rendering_provider,count,amount,rate" + CsvText.RowEnd + "(unknown),1,");
    }
}
