using System.Globalization;
using FhirApp.Core.Appeals;
using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Metrics;

/// <summary>
/// The denials dashboard of one practice (DOMAIN.md §5): rates, reasons, aging, appeals, the monthly cost of denials,
/// trends and root causes. Every figure is aggregated by the database (GROUP BY, COUNT(DISTINCT), SUM) on SQLite and
/// PostgreSQL alike; what comes back is one row per group, never a practice's adjudications. Read-only over the denials,
/// appeals and corrections tables, except the practice's rework-cost figure, which it owns.
/// </summary>
public sealed class MetricsService(IDbContextFactory<AppDbContext> contexts, RuleBook rules, DenialOptions options, TimeProvider clock)
{
    private const string Unknown = "(unknown)";

    private static readonly DenialStatus[] Closed = [DenialStatus.Closed, DenialStatus.WrittenOff];

    private static readonly DenialStatus[] Unworked = [DenialStatus.Open, DenialStatus.Working];

    private static readonly DenialCategory[] CodeBlind = [DenialCategory.Eligibility, DenialCategory.TimelyFiling, DenialCategory.Duplicate, DenialCategory.MissingInformation];

    private static readonly AppealStatus[] Decided = [AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];

    // Only appeals that reached the payer: a letter filed in the chart or exported but not confirmed is not an appeal yet.
    private static readonly AppealStatus[] Reached = [AppealStatus.Submitted, AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];

    private static readonly (string Name, int From, int To)[] AgingBuckets = [("0-30 days", int.MinValue, 30), ("31-60 days", 31, 60), ("61-90 days", 61, 90), ("over 90 days", 91, int.MaxValue)];

    /// <summary>Highest and lowest rework cost an owner may enter, in dollars.</summary>
    public const decimal MaxReworkCost = 10_000m;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The dashboard, computed in the database from the stored rows of this practice.</summary>
    public async Task<DenialDashboard> GetDashboardAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var today = Today;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var windowStart = thisMonth.AddMonths(-11);
        var windowEnd = thisMonth.AddMonths(1);

        var adjudicated = Adjudicated(db, tenant);
        var items = db.DenialWorkItems.AsNoTracking().Where(w => w.Tenant == tenant && !w.ClearedByPayer);
        var denials = items.Where(w => w.Kind == DenialKind.Denial);
        var open = items.Where(w => !Closed.Contains(w.Status));

        var reasons = (await items.Where(i => i.Kind == DenialKind.Denial || i.Kind == DenialKind.Rejection)
                .GroupBy(i => new { i.GroupCode, i.Carc, i.ErrorCode })
                .Select(g => new { g.Key.GroupCode, g.Key.Carc, g.Key.ErrorCode, Count = g.Count(), Amount = g.Sum(i => i.Amount) })
                .ToListAsync(ct))
            .GroupBy(r => Label(r.GroupCode, r.Carc, r.ErrorCode) ?? "(no reason)", StringComparer.Ordinal)
            .Select(g => new DashboardRow(g.Key, g.Sum(r => r.Count), g.Sum(r => r.Amount)))
            .ToList();

        var (firstAdjudicated, cleanFirstPass) = await FirstPassAsync(db, tenant, ct);
        var (overturned, ended, pending, overturnByPayer, moneyBack) = await AppealsAsync(db, tenant, ct);
        var monthly = await MonthlyAsync(adjudicated, denials, windowStart, windowEnd, ct);
        var floor = today.AddDays(options.DeadlineFloorDays);

        return new DenialDashboard
        {
            ClaimsAdjudicated = await adjudicated.Select(a => a.ClaimId).Distinct().CountAsync(ct),
            ClaimsDenied = await denials.Select(d => d.ClaimId).Distinct().CountAsync(ct),
            Rejections = await items.CountAsync(i => i.Kind == DenialKind.Rejection, ct),
            SubmittedDollars = await adjudicated.SumAsync(a => a.Submitted ?? 0, ct),
            DeniedDollars = await denials.SumAsync(d => d.Amount, ct),
            DollarsNearDeadline = await open.Where(i => i.Deadline >= today && i.Deadline <= floor).SumAsync(i => i.Amount, ct),
            TopReasonsByCount = reasons.OrderByDescending(r => r.Count).ThenByDescending(r => r.Amount).ThenBy(r => r.Key, StringComparer.Ordinal).Take(5).ToList(),
            TopReasonsByDollars = reasons.OrderByDescending(r => r.Amount).ThenByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).Take(5).ToList(),
            ByPayer = Rated(
                await denials.GroupBy(d => d.PayerId).Select(g => new Group(g.Key, g.Select(d => d.ClaimId).Distinct().Count(), g.Sum(d => d.Amount))).ToListAsync(ct),
                await adjudicated.GroupBy(a => a.PayerId).Select(g => new Group(g.Key, g.Select(a => a.ClaimId).Distinct().Count(), 0)).ToListAsync(ct)),
            ByCategory = (await denials.GroupBy(d => d.Category).Select(g => new { g.Key, Count = g.Count(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct))
                .Select(g => new DashboardRow(g.Key.ToString(), g.Count, g.Amount))
                .OrderByDescending(r => r.Amount)
                .ToList(),
            Aging = await AgingAsync(open, today, ct),
            ClaimsFirstAdjudicated = firstAdjudicated,
            ClaimsCleanFirstPass = cleanFirstPass,
            ByProvider = Rated(
                await denials.GroupBy(d => d.Provider).Select(g => new Group(g.Key, g.Select(d => d.ClaimId).Distinct().Count(), g.Sum(d => d.Amount))).ToListAsync(ct),
                await adjudicated.GroupBy(a => a.Provider).Select(g => new Group(g.Key, g.Select(a => a.ClaimId).Distinct().Count(), 0)).ToListAsync(ct)),
            // A denied line may name its own rendering provider: its claim counts as one that provider rendered, so a rate stays <= 1.
            ByRenderingProvider = Rated(
                await denials.GroupBy(d => d.RenderingProvider).Select(g => new Group(g.Key, g.Select(d => d.ClaimId).Distinct().Count(), g.Sum(d => d.Amount))).ToListAsync(ct),
                await adjudicated.Select(a => new { Key = a.RenderingProvider, a.ClaimId }).Union(denials.Select(d => new { Key = d.RenderingProvider, d.ClaimId }))
                    .GroupBy(x => x.Key).Select(g => new Group(g.Key, g.Count(), 0)).ToListAsync(ct)),
            ByProcedure = await ByProcedureAsync(adjudicated, denials, ct),
            Monthly = monthly,
            AppealsOverturned = overturned,
            AppealsEnded = ended,
            AppealsPending = pending,
            OverturnByPayer = overturnByPayer,
            Cost = await CostAsync(db, tenant, adjudicated, denials, monthly, windowStart, windowEnd, today, ct),
            MoneyBack = await PreventedAsync(db, tenant, adjudicated, moneyBack, ct),
            Trends = await TrendsAsync(denials, windowStart, windowEnd, ct),
            RootCauses = await RootCausesAsync(db, tenant, denials, 3, ct),
            PayerNames = await PayerNamesAsync(adjudicated, ct),
            ProviderNames = (await adjudicated.Where(a => a.Provider != null && a.ProviderName != null).GroupBy(a => a.Provider!)
                    .Select(g => new { g.Key, Name = g.Max(a => a.ProviderName)! }).ToListAsync(ct))
                .ToDictionary(p => p.Key, p => p.Name, StringComparer.Ordinal),
        };
    }

    /// <summary>The current version of every claim adjudication (not preauthorizations, not queued answers).</summary>
    private static IQueryable<StoredAdjudication> Adjudicated(AppDbContext db, string tenant) =>
        db.StoredAdjudications.AsNoTracking()
            .Where(s => s.Tenant == tenant && s.IsCurrent && (s.Use == null || s.Use == "claim") && (s.Outcome == null || s.Outcome != "queued"));

    private sealed record Group(string? Key, int Count, decimal Amount);

    /// <summary>Per key: denied claims, denied dollars, and denied claims ÷ the key's adjudicated claims; highest rate first.</summary>
    private static List<DashboardRow> Rated(List<Group> denied, List<Group> claims)
    {
        var byKey = claims.GroupBy(c => c.Key ?? Unknown, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);
        return denied.GroupBy(d => d.Key ?? Unknown, StringComparer.Ordinal)
            .Select(g => (g.Key, Denied: g.Sum(d => d.Count), Amount: g.Sum(d => d.Amount)))
            .Select(g => new DashboardRow(g.Key, g.Denied, g.Amount, byKey.TryGetValue(g.Key, out var n) && n > 0 ? (double)g.Denied / n : null))
            .OrderByDescending(r => r.Rate).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// First-pass yield: per claim, its earliest decided version (by decision date, then last update, then storage order,
    /// missing dates last), found in SQL as the version no other version of the claim precedes.
    /// </summary>
    private static async Task<(int First, int Clean)> FirstPassAsync(AppDbContext db, string tenant, CancellationToken ct)
    {
        var versions = db.StoredAdjudications.AsNoTracking()
            .Where(s => s.Tenant == tenant && (s.Use == null || s.Use == "claim") && (s.Outcome == null || s.Outcome != "queued") && s.Status != "draft" && s.Status != "entered-in-error");
        var firsts = versions.Where(v => !versions.Any(o => o.ClaimId == v.ClaimId && o.Id != v.Id
            && ((o.DecisionDate != null && (v.DecisionDate == null || o.DecisionDate < v.DecisionDate))
                || (o.DecisionDate == v.DecisionDate
                    && ((o.LastUpdated != null && (v.LastUpdated == null || o.LastUpdated < v.LastUpdated))
                        || (o.LastUpdated == v.LastUpdated && o.Id < v.Id))))));
        var counts = await firsts.GroupBy(_ => 1)
            .Select(g => new { First = g.Count(), Clean = g.Count(f => f.DenialLines == 0 && (f.Outcome == null || f.Outcome != "error") && (f.Status == null || f.Status != "cancelled")) })
            .FirstOrDefaultAsync(ct);
        return (counts?.First ?? 0, counts?.Clean ?? 0);
    }

    private static async Task<List<DashboardRow>> AgingAsync(IQueryable<DenialWorkItem> open, DateOnly today, CancellationToken ct)
    {
        var (d30, d60, d90) = (today.AddDays(-30), today.AddDays(-60), today.AddDays(-90));
        var buckets = await open.Where(i => i.DecisionDate != null)
            .GroupBy(i => i.DecisionDate >= d30 ? 0 : i.DecisionDate >= d60 ? 1 : i.DecisionDate >= d90 ? 2 : 3)
            .Select(g => new { g.Key, Count = g.Count(), Amount = g.Sum(i => i.Amount) })
            .ToListAsync(ct);
        return AgingBuckets.Select((b, i) => buckets.FirstOrDefault(x => x.Key == i) is { } x ? new DashboardRow(b.Name, x.Count, x.Amount) : new DashboardRow(b.Name, 0, 0)).ToList();
    }

    /// <summary>
    /// Per CPT/HCPCS code: claims whose line with that code was denied (a whole-claim denial counts for every code on the
    /// claim), the denied dollars on those lines, and the rate over the adjudicated claims containing the code. Line
    /// denials are grouped in SQL; only the codes of claims denied as a whole (line 0) are read, to spread them per code.
    /// </summary>
    private static async Task<List<DashboardRow>> ByProcedureAsync(IQueryable<StoredAdjudication> adjudicated, IQueryable<DenialWorkItem> denials, CancellationToken ct)
    {
        var lines = await denials.Where(d => d.Procedure != null).GroupBy(d => d.Procedure!)
            .Select(g => new { Code = g.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(ct);
        var wholeClaims = denials.Where(d => d.Line == 0).Select(d => d.ClaimId);
        var wholeCodes = (await adjudicated.Where(a => wholeClaims.Contains(a.ClaimId) && a.ProcedureCodes != null)
                .Select(a => new { a.ClaimId, a.ProcedureCodes }).Distinct().ToListAsync(ct))
            .SelectMany(a => a.ProcedureCodes!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(code => (Code: code, a.ClaimId)))
            .ToHashSet();
        // A claim denied both as a whole and on the code's own line counts once for the code.
        var alsoLine = (await denials.Where(d => d.Procedure != null && wholeClaims.Contains(d.ClaimId)).Select(d => new { d.Procedure, d.ClaimId }).Distinct().ToListAsync(ct))
            .Select(x => (Code: x.Procedure!, x.ClaimId)).ToHashSet();
        var extra = wholeCodes.Where(x => !alsoLine.Contains(x)).GroupBy(x => x.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var rows = new List<DashboardRow>();
        foreach (var code in lines.Select(l => l.Code).Union(extra.Keys, StringComparer.Ordinal))
        {
            var line = lines.FirstOrDefault(l => l.Code == code);
            var denied = (line?.Claims ?? 0) + extra.GetValueOrDefault(code);
            var padded = " " + code + " ";
            var billed = await adjudicated.Where(a => (" " + a.ProcedureCodes + " ").Contains(padded)).Select(a => a.ClaimId).Distinct().CountAsync(ct);
            rows.Add(new DashboardRow(code, denied, line?.Amount ?? 0, billed > 0 ? (double)denied / billed : null));
        }

        return rows.OrderByDescending(r => r.Rate).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The last 12 months (oldest first) by month of the decision date; a month without decisions has zero claims and no rate.</summary>
    private static async Task<List<MonthlyRow>> MonthlyAsync(IQueryable<StoredAdjudication> adjudicated, IQueryable<DenialWorkItem> denials, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var claims = await adjudicated.Where(a => a.DecisionDate >= from && a.DecisionDate < to)
            .GroupBy(a => new { a.DecisionDate!.Value.Year, a.DecisionDate!.Value.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Claims = g.Select(a => a.ClaimId).Distinct().Count(), Submitted = g.Sum(a => a.Submitted ?? 0) })
            .ToListAsync(ct);
        var denied = await denials.Where(d => d.DecisionDate >= from && d.DecisionDate < to)
            .GroupBy(d => new { d.DecisionDate!.Value.Year, d.DecisionDate!.Value.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(ct);
        return Enumerable.Range(0, 12).Select(back => from.AddMonths(back)).Select(m =>
        {
            var c = claims.FirstOrDefault(x => x.Year == m.Year && x.Month == m.Month);
            var d = denied.FirstOrDefault(x => x.Year == m.Year && x.Month == m.Month);
            return new MonthlyRow(Month(m), c?.Claims ?? 0, d?.Claims ?? 0, c?.Submitted ?? 0, d?.Amount ?? 0);
        }).ToList();
    }

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Appeals per claim: the outcome a biller recorded on the appeal screen; for a claim marked Appealed in the queue
    /// without one, the payer clearing its lines (a newer version no longer denies them) counts as overturned, else pending.
    /// </summary>
    private static async Task<(int Overturned, int Ended, int Pending, List<DashboardRow> ByPayer, MoneyBack Back)> AppealsAsync(AppDbContext db, string tenant, CancellationToken ct)
    {
        var recorded = db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && Reached.Contains(a.Status));
        var byOutcome = (await recorded.GroupBy(a => new { a.PayerId, a.Status })
                .Select(g => new { g.Key.PayerId, g.Key.Status, Count = g.Count(), Amount = g.Sum(a => a.Amount) }).ToListAsync(ct))
            .Select(r => (r.PayerId, r.Status, r.Count, r.Amount));
        // One row per claim only marked Appealed in the queue (bounded by such claims, aggregated in SQL).
        var marked = (await db.DenialWorkItems.AsNoTracking()
                .Where(w => w.Tenant == tenant && w.Status == DenialStatus.Appealed && !recorded.Any(a => a.ClaimId == w.ClaimId))
                .GroupBy(w => w.ClaimId)
                .Select(g => new { PayerId = g.Max(w => w.PayerId), Uncleared = g.Count(w => !w.ClearedByPayer), Amount = g.Sum(w => w.Amount) })
                .ToListAsync(ct))
            .Select(m => (m.PayerId, Status: m.Uncleared == 0 ? AppealStatus.Overturned : AppealStatus.Submitted, Count: 1, m.Amount));
        var appeals = byOutcome.Concat(marked).ToList();
        var ended = appeals.Where(a => Decided.Contains(a.Status)).ToList();
        var byPayer = ended.GroupBy(a => a.PayerId ?? Unknown, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Count: g.Sum(a => a.Count), Won: g.Where(a => a.Status != AppealStatus.Upheld).Sum(a => a.Count), Amount: g.Where(a => a.Status != AppealStatus.Upheld).Sum(a => a.Amount)))
            .Select(g => new DashboardRow(g.Key, g.Count, g.Amount, (double)g.Won / g.Count))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        var back = new MoneyBack
        {
            RecoveredByAppeals = appeals.Where(a => a.Status == AppealStatus.Overturned).Sum(a => a.Amount),
            AppealsWon = appeals.Where(a => a.Status == AppealStatus.Overturned).Sum(a => a.Count),
            AppealsPartlyWon = appeals.Where(a => a.Status == AppealStatus.Partial).Sum(a => a.Count),
        };
        return (ended.Where(a => a.Status is AppealStatus.Overturned or AppealStatus.Partial).Sum(a => a.Count), ended.Sum(a => a.Count),
            appeals.Where(a => a.Status == AppealStatus.Submitted).Sum(a => a.Count), byPayer, back);
    }

    /// <summary>
    /// Claims with an accepted pre-submission fix: decided without a denial of the fixed rule family (the fix's rule id
    /// "auth.required" is family "auth"), their submitted dollars were kept; not decided yet, they are counted as waiting.
    /// </summary>
    private static async Task<MoneyBack> PreventedAsync(AppDbContext db, string tenant, IQueryable<StoredAdjudication> adjudicated, MoneyBack back, CancellationToken ct)
    {
        var fixes = db.ClaimCorrections.AsNoTracking().Where(c => c.Tenant == tenant);
        var deniedForFix = db.DenialWorkItems.AsNoTracking()
            .Where(w => w.Tenant == tenant && w.Kind == DenialKind.Denial && !w.ClearedByPayer && w.Rule != null
                && fixes.Any(c => c.ClaimId == w.ClaimId && c.RuleId.StartsWith(w.Rule + ".")))
            .Select(w => w.ClaimId);
        var kept = await adjudicated.Where(a => fixes.Any(c => c.ClaimId == a.ClaimId) && !deniedForFix.Contains(a.ClaimId))
            .GroupBy(_ => 1).Select(g => new { Claims = g.Select(a => a.ClaimId).Distinct().Count(), Dollars = g.Sum(a => a.Submitted ?? 0) })
            .FirstOrDefaultAsync(ct);
        var waiting = await fixes.Where(c => !adjudicated.Any(a => a.ClaimId == c.ClaimId)).Select(c => c.ClaimId).Distinct().CountAsync(ct);
        return back with { PreventedByFixes = kept?.Dollars ?? 0, ClaimsFixedAndPaid = kept?.Claims ?? 0, ClaimsFixedAwaitingDecision = waiting };
    }

    private async Task<DenialCost> CostAsync(AppDbContext db, string tenant, IQueryable<StoredAdjudication> adjudicated, IQueryable<DenialWorkItem> denials,
        List<MonthlyRow> monthly, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        var inWindow = denials.Where(d => d.DecisionDate >= from && d.DecisionDate < to);
        var appealedClaims = db.Appeals.Where(a => a.Tenant == tenant && Reached.Contains(a.Status)).Select(a => a.ClaimId);
        var (rework, own) = await ReworkCostAsync(db, tenant, ct);
        return new DenialCost
        {
            MonthsWithDecisions = monthly.Count(m => m.ClaimsAdjudicated > 0),
            ClaimsAdjudicated = await adjudicated.Where(a => a.DecisionDate >= from && a.DecisionDate < to).Select(a => a.ClaimId).Distinct().CountAsync(ct),
            ClaimsDenied = await inWindow.Select(d => d.ClaimId).Distinct().CountAsync(ct),
            ReworkCostPerClaim = rework,
            ReworkCostIsPractices = own,
            WrittenOff = await inWindow.Where(d => d.Status == DenialStatus.WrittenOff).SumAsync(d => d.Amount, ct),
            NeverAppealed = await inWindow.Where(d => Unworked.Contains(d.Status) && d.Deadline < today && !appealedClaims.Contains(d.ClaimId)).SumAsync(d => d.Amount, ct),
        };
    }

    /// <summary>Denied claims and dollars per month of the last 12 and per payer, category, provider and procedure.</summary>
    private static async Task<IReadOnlyDictionary<TrendDimension, IReadOnlyList<TrendPoint>>> TrendsAsync(IQueryable<DenialWorkItem> denials, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var window = denials.Where(d => d.DecisionDate >= from && d.DecisionDate < to);
        static TrendPoint Point(int year, int month, string? key, int claims, decimal amount) =>
            new(Month(new DateOnly(year, month, 1)), key ?? Unknown, claims, amount);
        var payer = (await window.GroupBy(d => new { d.DecisionDate!.Value.Year, d.DecisionDate!.Value.Month, Key = d.PayerId })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct))
            .Select(r => Point(r.Year, r.Month, r.Key, r.Claims, r.Amount)).ToList();
        var category = (await window.GroupBy(d => new { d.DecisionDate!.Value.Year, d.DecisionDate!.Value.Month, Key = d.Category })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct))
            .Select(r => Point(r.Year, r.Month, r.Key.ToString(), r.Claims, r.Amount)).ToList();
        var provider = (await window.GroupBy(d => new { d.DecisionDate!.Value.Year, d.DecisionDate!.Value.Month, Key = d.Provider })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct))
            .Select(r => Point(r.Year, r.Month, r.Key, r.Claims, r.Amount)).ToList();
        var procedure = (await window.Where(d => d.Procedure != null).GroupBy(d => new { d.DecisionDate!.Value.Year, d.DecisionDate!.Value.Month, Key = d.Procedure })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct))
            .Select(r => Point(r.Year, r.Month, r.Key, r.Claims, r.Amount)).ToList();
        return new Dictionary<TrendDimension, IReadOnlyList<TrendPoint>>
        {
            [TrendDimension.Payer] = Ordered(payer),
            [TrendDimension.Category] = Ordered(category),
            [TrendDimension.Provider] = Ordered(provider),
            [TrendDimension.Procedure] = Ordered(procedure),
        };

        static List<TrendPoint> Ordered(List<TrendPoint> points) =>
            [.. points.OrderBy(p => p.Month, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The causes that cost the most: denials grouped by payer, procedure, category, rule family and reason, by denied
    /// dollars then claims; each with its claims (ten most recent) and whether the practice turned off a rule of that family
    /// for that payer.
    /// </summary>
    private static async Task<List<RootCause>> RootCausesAsync(AppDbContext db, string tenant, IQueryable<DenialWorkItem> denials, int take, CancellationToken ct)
    {
        // Coverage, filing-limit, duplicate and missing-information denials do not depend on the code billed: one cause per claim, not per line.
        var groups = await denials
            .GroupBy(d => new { d.PayerId, Procedure = CodeBlind.Contains(d.Category) ? null : d.Procedure, d.Category, d.Owner, d.Rule, d.GroupCode, d.Carc, d.ErrorCode })
            .Select(g => new { g.Key, Claims = g.Select(d => d.ClaimId).Distinct().Count(), Amount = g.Sum(d => d.Amount), Since = g.Min(d => d.DecisionDate) })
            .ToListAsync(ct);
        var top = groups.OrderByDescending(g => g.Amount).ThenByDescending(g => g.Claims)
            .ThenBy(g => g.Key.PayerId, StringComparer.Ordinal).ThenBy(g => g.Key.Procedure, StringComparer.Ordinal).ThenBy(g => g.Key.Carc, StringComparer.Ordinal)
            .Take(take).ToList();
        var causes = new List<RootCause>();
        foreach (var g in top)
        {
            var k = g.Key;
            var claims = (await denials
                    .Where(d => d.PayerId == k.PayerId && (CodeBlind.Contains(d.Category) ? null : d.Procedure) == k.Procedure && d.Category == k.Category && d.Owner == k.Owner && d.Rule == k.Rule
                        && d.GroupCode == k.GroupCode && d.Carc == k.Carc && d.ErrorCode == k.ErrorCode)
                    .GroupBy(d => d.ClaimId)
                    .Select(c => new { ClaimId = c.Key, Decided = c.Max(d => d.DecisionDate), Served = c.Min(d => d.ServiceDate), Amount = c.Sum(d => d.Amount) })
                    .ToListAsync(ct))
                .OrderByDescending(c => c.Decided).ThenBy(c => c.ClaimId, StringComparer.Ordinal).Take(10)
                .Select(c => new RootCauseClaim(c.ClaimId, c.Decided, c.Served, c.Amount)).ToList();
            string? off = null;
            if (k.Rule is { } family && k.PayerId is { } payer)
            {
                var prefix = family + ".";
                var latest = await db.RuleSwitches.AsNoTracking().Where(s => s.Tenant == tenant && s.PayerId == payer && s.RuleId.StartsWith(prefix))
                    .GroupBy(s => s.RuleId)
                    .Select(s => s.OrderByDescending(x => x.ChangedAt).ThenByDescending(x => x.Id).Select(x => new { x.RuleId, x.Disabled }).First())
                    .ToListAsync(ct);
                off = latest.Where(s => s.Disabled).Select(s => s.RuleId).Order(StringComparer.Ordinal).FirstOrDefault();
            }

            causes.Add(new RootCause
            {
                PayerId = k.PayerId,
                Procedure = k.Procedure,
                Category = k.Category,
                Owner = k.Owner,
                RuleFamily = k.Rule,
                Reason = Label(k.GroupCode, k.Carc, k.ErrorCode),
                Carc = k.Carc,
                Claims = g.Claims,
                Amount = g.Amount,
                Since = g.Since,
                ClaimList = claims,
                RuleTurnedOff = off,
            });
        }

        return causes;
    }

    /// <summary>Payer names: the shipped payer files' names, then the names the practice's remittances give.</summary>
    private async Task<IReadOnlyDictionary<string, string>> PayerNamesAsync(IQueryable<StoredAdjudication> adjudicated, CancellationToken ct)
    {
        var names = (await adjudicated.Where(a => a.PayerId != null && a.PayerName != null).GroupBy(a => a.PayerId!)
                .Select(g => new { g.Key, Name = g.Max(a => a.PayerName)! }).ToListAsync(ct))
            .ToDictionary(p => p.Key, p => p.Name, StringComparer.Ordinal);
        foreach (var payer in rules.Payers)
        {
            names[payer.PayerId] = payer.Name;
        }

        return names;
    }

    /// <summary>The practice's rework cost per denied claim (an owner's figure), else the configured default (Denials:ReworkCost).</summary>
    public async Task<(decimal Cost, bool IsPractices)> GetReworkCostAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ReworkCostAsync(db, tenant, ct);
    }

    private async Task<(decimal Cost, bool IsPractices)> ReworkCostAsync(AppDbContext db, string tenant, CancellationToken ct)
    {
        var own = await db.PracticeCostSettings.AsNoTracking().Where(s => s.Tenant == tenant)
            .OrderByDescending(s => s.ChangedAt).ThenByDescending(s => s.Id).Select(s => (decimal?)s.ReworkCostPerClaim).FirstOrDefaultAsync(ct);
        return own is { } cost ? (cost, true) : (options.ReworkCost, false);
    }

    /// <summary>
    /// Stores the practice's rework cost per denied claim, with who and when, and audits it. Who may is the caller's to
    /// check (the web app's owner-only practice switches).
    /// </summary>
    public async Task SetReworkCostAsync(string tenant, decimal costPerClaim, AuditActor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (costPerClaim is < 0 or > MaxReworkCost)
        {
            throw new ArgumentOutOfRangeException(nameof(costPerClaim), costPerClaim, string.Create(CultureInfo.InvariantCulture, $"Enter a rework cost between $0 and ${MaxReworkCost:#,##0} per claim."));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.PracticeCostSettings.Add(new PracticeCostSetting
        {
            Tenant = tenant,
            ReworkCostPerClaim = decimal.Round(costPerClaim, 2),
            ChangedBy = by.User,
            ChangedAt = clock.GetUtcNow().UtcDateTime,
        });
        AuditTrail.Stage(db, tenant, by, new AuditRecord(AuditAction.Update, "Practice/rework-cost", "rework-cost"), clock);
        await db.SaveChangesAsync(ct);
    }

    private static string? Label(string? groupCode, string? carc, string? errorCode) => carc is null ? errorCode : groupCode is null ? carc : groupCode + "-" + carc;
}
