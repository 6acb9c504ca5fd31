using FhirApp.Core.Audit;
using System.Globalization;
using FhirApp.Core.Appeals;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Denials;

/// <summary>
/// The denial work queue of one practice (tenant): triaged rows, biller actions (assign, status, next action, bulk on
/// same-cause items), payer call notes, and the dashboard. Every query and update is filtered by tenant, and the work
/// queue's by the caller's <see cref="DenialScope"/> (a patient launch sees and changes its own patient's items only).
/// </summary>
public sealed class DenialService(IDbContextFactory<AppDbContext> contexts, DenialTriage triage, DenialDeadlines deadlines, DenialOptions options, TimeProvider clock)
{
    private static readonly DenialStatus[] Closed = [.. DenialStatusMachine.ClosedStatuses];

    /// <summary>The practice's work items, most worth working first (see <see cref="DenialTriage"/>); closed ones only when asked.</summary>
    public async Task<IReadOnlyList<DenialQueueRow>> GetQueueAsync(DenialScope scope, bool includeClosed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = await Items(db, scope).AsNoTracking()
            .Where(w => includeClosed || !Closed.Contains(w.Status))
            .Select(w => new { Item = w, Notes = w.Notes.Count })
            .ToListAsync(ct);
        var decided = await DecidedAppealsAsync(db, scope.Tenant, ct);
        return triage.Order(items.Select(x => ToRow(x.Item, x.Notes, decided)));
    }

    /// <summary>
    /// The practice's users a denial can be assigned to: everyone who launched FhirApp for this practice (their EHR user
    /// reference) and anyone already assigned, in order. The screens show them by name where the EHR gave one.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetAssignableUsersAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var launched = await db.Launches.AsNoTracking().Where(l => l.Tenant == tenant && l.FhirUser != null).Select(l => l.FhirUser!).Distinct().ToListAsync(ct);
        var assigned = await db.DenialWorkItems.AsNoTracking().Where(w => w.Tenant == tenant && w.Assignee != null).Select(w => w.Assignee!).Distinct().ToListAsync(ct);
        return launched.Concat(assigned).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The work items the scope reaches: the tenant's, and only its patient's when it names one.</summary>
    private static IQueryable<DenialWorkItem> Items(AppDbContext db, DenialScope scope) =>
        scope.PatientId is { } patient
            ? db.DenialWorkItems.Where(w => w.Tenant == scope.Tenant && w.PatientId == patient)
            : db.DenialWorkItems.Where(w => w.Tenant == scope.Tenant);

    private static readonly AppealStatus[] Decided = [AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];

    private static async Task<List<AppealOutcomeFact>> DecidedAppealsAsync(AppDbContext db, string tenant, CancellationToken ct) =>
        (await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && Decided.Contains(a.Status)).ToListAsync(ct))
            .Select(a => new AppealOutcomeFact(a.Category, a.PayerId, a.Level, a.Completeness, a.Status)).ToList();

    /// <summary>One claim's work items (open and closed), for its appeal screen.</summary>
    public async Task<IReadOnlyList<DenialQueueRow>> ForClaimAsync(DenialScope scope, string claimId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = await Items(db, scope).AsNoTracking().Where(w => w.ClaimId == claimId)
            .Select(w => new { Item = w, Notes = w.Notes.Count }).ToListAsync(ct);
        var decided = await DecidedAppealsAsync(db, scope.Tenant, ct);
        return triage.Order(items.Select(x => ToRow(x.Item, x.Notes, decided)));
    }

    /// <summary>Open items within the deadline floor (not yet passed): what an escalation job tells the assignee or manager about.</summary>
    public async Task<IReadOnlyList<DenialQueueRow>> GetNearDeadlineAsync(string tenant, CancellationToken ct) =>
        (await GetQueueAsync(tenant, includeClosed: false, ct)).Where(r => r.DaysLeft is { } left && left >= 0 && left <= options.DeadlineFloorDays).ToList();

    /// <summary>Author of the notes the escalation job writes to the assignee (or the team, when nobody is assigned).</summary>
    public const string EscalationAuthor = "FhirApp escalation";

    /// <summary>Author of the second escalation, to the practice owner, when the item is still not acted on close to its deadline.</summary>
    public const string OwnerEscalationAuthor = "FhirApp escalation to the owner";

    /// <summary>Days before the deadline at which an item nobody has appealed or corrected goes to the practice owner.</summary>
    public const int OwnerEscalationDays = 2;

    /// <summary>
    /// Escalates open items near their deadline, in two steps, each once per item so a daily job never repeats itself:
    /// within the deadline floor, a note to the assignee (or the team, when nobody is assigned); within
    /// <see cref="OwnerEscalationDays"/>, if still only open or being worked (not appealed, corrected or closed), a note to
    /// the practice owner. The notes show in the item's call log. Returns how many notes were written.
    /// </summary>
    public async Task<int> EscalateAsync(string tenant, CancellationToken ct)
    {
        var near = await GetNearDeadlineAsync(tenant, ct);
        if (near.Count == 0)
        {
            return 0;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = near.Select(r => r.Id).ToList();
        var done = (await db.DenialWorkNotes.Where(n => n.Tenant == tenant && (n.Author == EscalationAuthor || n.Author == OwnerEscalationAuthor) && ids.Contains(n.WorkItemId))
            .Select(n => new { n.WorkItemId, n.Author }).ToListAsync(ct)).Select(n => (n.WorkItemId, n.Author)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var row in near)
        {
            var due = string.Create(CultureInfo.InvariantCulture, $"{row.DaysLeft} day(s) left before the {row.DeadlineLevel ?? "appeal"} deadline on {row.Deadline:yyyy-MM-dd}.");
            if (!done.Contains((row.Id, EscalationAuthor)))
            {
                Add(row.Id, EscalationAuthor, $"Escalated to {row.Assignee ?? "the team (nobody is assigned)"}: {due}",
                    row.Assignee is null ? "Assign someone today." : $"{row.Assignee}: act before the deadline.");
            }

            if (row.DaysLeft <= OwnerEscalationDays && row.Status is DenialStatus.Open or DenialStatus.Working && !done.Contains((row.Id, OwnerEscalationAuthor)))
            {
                Add(row.Id, OwnerEscalationAuthor, $"Escalated to the practice owner: still {DenialStatusMachine.Words(row.Status).ToLowerInvariant()}, {due}",
                    "Owner: appeal, correct or write it off today.");
            }
        }

        await db.SaveChangesAsync(ct);
        return added;

        void Add(long id, string author, string text, string next)
        {
            db.DenialWorkNotes.Add(new DenialWorkNote { WorkItemId = id, Tenant = tenant, Text = text, NextStep = next, Author = author, At = now });
            added++;
        }
    }

    /// <summary>
    /// Changes status, assignee, next action or follow-up date of the given items of this practice, one or many (a bulk
    /// action over a selection). Status moves follow <see cref="DenialStatusMachine"/>: a write-off needs a reason (kept as
    /// the item's decision, its route becoming write-off), Appealed needs a follow-up date; assigning an open item starts
    /// the work (Working). A refused move changes nothing and throws <see cref="DenialWorkRefusedException"/> in plain words.
    /// </summary>
    public async Task<int> UpdateAsync(DenialScope scope, IReadOnlyCollection<long> ids, DenialUpdate update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(update);
        var tenant = scope.Tenant;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = await Items(db, scope).Where(w => ids.Contains(w.Id)).ToListAsync(ct);
        var reason = Blank(update.WriteOffReason);
        foreach (var item in items)
        {
            var to = update.Status ?? item.Status;
            if (DenialStatusMachine.Refusal(item.Status, to, reason, update.DueDate ?? item.DueDate) is { } refusal)
            {
                throw new DenialWorkRefusedException(items.Count > 1 ? $"Nothing was changed: {refusal}" : refusal);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var item in items)
        {
            var to = update.Status ?? item.Status;
            item.Assignee = update.Assignee is null ? item.Assignee : Blank(update.Assignee);
            if (to == DenialStatus.Open && item.Status == DenialStatus.Open && item.Assignee is not null && update.Assignee is not null)
            {
                to = DenialStatus.Working; // someone took it
            }

            if (to == DenialStatus.WrittenOff && item.Status != DenialStatus.WrittenOff)
            {
                (item.Route, item.Decision) = (DenialRoute.WriteOff, Trim("Written off: " + reason, 400));
            }

            item.Status = to;
            item.NextAction = update.NextAction is null ? item.NextAction : Blank(update.NextAction);
            item.DueDate = update.DueDate ?? item.DueDate;
            item.UpdatedAt = now;
            AuditTrail.Stage(db, tenant, update.By, new AuditRecord(AuditAction.Update, $"{item.AdjudicationType}/{item.EobId}", "denial-work", AuditRecord.PatientOf(item.PatientId)), clock);
        }

        await db.SaveChangesAsync(ct);
        return items.Count;
    }

    /// <summary>
    /// An appeal for these lines of the claim reached the payer: their open denial items become Appealed, to be followed
    /// up on <paramref name="followUp"/> (default: <see cref="DenialStatusMachine.DefaultAppealFollowUpDays"/> from today).
    /// Closed items are left alone. Returns how many items moved.
    /// </summary>
    public Task<int> MarkAppealedAsync(DenialScope scope, string claimId, IReadOnlyCollection<int> lines, DateOnly? followUp, AuditActor by, CancellationToken ct) =>
        MoveClaimAsync(scope, claimId, lines, DenialStatus.Appealed, followUp ?? deadlines.Today.AddDays(DenialStatusMachine.DefaultAppealFollowUpDays),
            "Follow up with the payer on the appeal", "denial-appealed", by, ct);

    /// <summary>A corrected claim was built for the payer: the claim's open corrected-claim items become Corrected claim sent, followed up in three weeks.</summary>
    public Task<int> MarkCorrectedClaimSentAsync(DenialScope scope, string claimId, AuditActor by, CancellationToken ct) =>
        MoveClaimAsync(scope, claimId, [], DenialStatus.CorrectedClaimSent, deadlines.Today.AddDays(DenialStatusMachine.DefaultCorrectedClaimFollowUpDays),
            "Check the corrected claim was paid", "denial-corrected-claim-sent", by, ct, route: DenialRoute.CorrectedClaim);

    private async Task<int> MoveClaimAsync(DenialScope scope, string claimId, IReadOnlyCollection<int> lines, DenialStatus to, DateOnly followUp, string nextAction, string audit,
        AuditActor by, CancellationToken ct, DenialRoute? route = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = (await Items(db, scope).Where(w => w.ClaimId == claimId && w.Kind == DenialKind.Denial).ToListAsync(ct))
            .Where(w => (lines.Count == 0 || lines.Contains(w.Line)) && (route is null || w.Route == route) && w.Status != to && DenialStatusMachine.CanMove(w.Status, to) && !DenialStatusMachine.IsClosed(w.Status))
            .ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var item in items)
        {
            (item.Status, item.DueDate, item.NextAction, item.UpdatedAt) = (to, followUp, nextAction, now);
            AuditTrail.Stage(db, scope.Tenant, by, new AuditRecord(AuditAction.Update, $"{item.AdjudicationType}/{item.EobId}", audit, AuditRecord.PatientOf(item.PatientId)), clock);
        }

        await db.SaveChangesAsync(ct);
        return items.Count;
    }

    /// <summary>
    /// Records how a denied line will be worked, decided on the appeal screen from the chart: the route, the appeal level
    /// and the plain reason. The deadline is recomputed by <see cref="DenialDeadlines"/> from the item's own payer,
    /// decision and service dates (for a level after the first, from <paramref name="priorDecision"/>, the date of the
    /// prior level's decision), so the queue shows the date the letter and the appeal screen show. Closed items and items
    /// outside the scope are left alone; returns how many items changed.
    /// </summary>
    public async Task<int> RecordDecisionAsync(DenialScope scope, string claimId, int line, LineRouting routing, AuditActor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(by);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = await Items(db, scope).Where(w => w.ClaimId == claimId && w.Line == line && w.Kind == DenialKind.Denial && !Closed.Contains(w.Status)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var item in items)
        {
            var deadline = deadlines.For(item.PayerId, routing.PriorDecision ?? item.DecisionDate, item.ServiceDate, routing.Route, routing.Level);
            if (item.Route == routing.Route && item.Decision == routing.Why && item.AppealLevel == routing.Level && item.Deadline == deadline?.Date && item.DeadlineLevel == deadline?.Level)
            {
                continue;
            }

            (item.Route, item.Decision, item.AppealLevel, item.Deadline, item.DeadlineLevel, item.UpdatedAt) =
                (routing.Route, Trim(routing.Why, 400), routing.Level, deadline?.Date, deadline?.Level, now);
            AuditTrail.Stage(db, scope.Tenant, by, new AuditRecord(AuditAction.Update, $"{item.AdjudicationType}/{item.EobId}", "denial-decision", AuditRecord.PatientOf(item.PatientId)), clock);
            changed++;
        }

        await db.SaveChangesAsync(ct);
        return changed;
    }

    private static string? Trim(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Adds a call-log note; false when the item is outside the scope.</summary>
    public async Task<bool> AddNoteAsync(DenialScope scope, long id, DenialCallNote note, AuditActor author, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var tenant = scope.Tenant;
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(author);
        if (new[] { note.Representative, note.ReferenceNumber, note.NextStep, note.Text }.All(string.IsNullOrWhiteSpace))
        {
            throw new DenialWorkRefusedException("The note is empty: write what was said, a reference number or the next step, then add it.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await Items(db, scope).Where(w => w.Id == id).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return false;
        }

        if (item.Status == DenialStatus.Open)
        {
            item.Status = DenialStatus.Working; // a logged call is work started
            item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }

        db.DenialWorkNotes.Add(new DenialWorkNote
        {
            WorkItemId = id,
            Tenant = tenant,
            Representative = Blank(note.Representative),
            ReferenceNumber = Blank(note.ReferenceNumber),
            NextStep = Blank(note.NextStep),
            Text = Blank(note.Text),
            Author = author.User,
            At = clock.GetUtcNow().UtcDateTime,
        });
        AuditTrail.Stage(db, tenant, author, new AuditRecord(AuditAction.Create, $"{item.AdjudicationType}/{item.EobId}", "denial-call-note", AuditRecord.PatientOf(item.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A work item's call-log notes (free text about a patient's claim: a PHI read, audited); empty when outside the scope.</summary>
    public async Task<IReadOnlyList<DenialCallNote>> GetNotesAsync(DenialScope scope, long id, AuditActor reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reader);
        var tenant = scope.Tenant;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await Items(db, scope).Where(w => w.Id == id).Select(w => new { w.AdjudicationType, w.EobId, w.PatientId }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return [];
        }
        var notes = await db.DenialWorkNotes.AsNoTracking()
            .Where(n => n.Tenant == tenant && n.WorkItemId == id)
            .OrderBy(n => n.Id)
            .ToListAsync(ct);
        AuditTrail.Stage(db, tenant, reader, new AuditRecord(AuditAction.Read, $"{item.AdjudicationType}/{item.EobId}", "denial-call-notes", AuditRecord.PatientOf(item.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return notes.Select(n => new DenialCallNote(n.Representative, n.ReferenceNumber, n.NextStep, n.Text) { Author = n.Author, At = n.At }).ToList();
    }

    /// <summary>The dashboard, computed from the stored rows of this practice.</summary>
    public async Task<DenialDashboard> GetDashboardAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var adjudicated = await db.StoredAdjudications.AsNoTracking()
            .Where(s => s.Tenant == tenant && s.IsCurrent && (s.Use == null || s.Use == "claim") && (s.Outcome == null || s.Outcome != "queued"))
            .Select(s => new { s.ClaimId, s.PayerId, s.Provider, s.RenderingProvider, s.ProcedureCodes, s.Submitted, s.DecisionDate })
            .ToListAsync(ct);
        // Every stored version (not only the current one): the earliest decision per claim is its first pass.
        var versions = await db.StoredAdjudications.AsNoTracking()
            .Where(s => s.Tenant == tenant && (s.Use == null || s.Use == "claim") && (s.Outcome == null || s.Outcome != "queued") && s.Status != "draft" && s.Status != "entered-in-error")
            .Select(s => new { s.Id, s.ClaimId, s.DecisionDate, s.LastUpdated, s.Outcome, s.Status, s.DenialLines })
            .ToListAsync(ct);
        var firsts = versions.GroupBy(v => v.ClaimId)
            .Select(g => g.OrderBy(v => v.DecisionDate ?? DateOnly.MaxValue).ThenBy(v => v.LastUpdated ?? DateTime.MaxValue).ThenBy(v => v.Id).First())
            .ToList();
        var items = await db.DenialWorkItems.AsNoTracking().Where(w => w.Tenant == tenant && !w.ClearedByPayer).ToListAsync(ct);
        var today = deadlines.Today;

        var denials = items.Where(i => i.Kind == DenialKind.Denial).ToList();
        var claimsByPayer = adjudicated.GroupBy(a => a.PayerId ?? Unknown).ToDictionary(g => g.Key, g => g.Select(a => a.ClaimId).Distinct().Count());
        var claimsByProvider = adjudicated.GroupBy(a => a.Provider ?? Unknown).ToDictionary(g => g.Key, g => g.Select(a => a.ClaimId).Distinct().Count());
        // A denied line may name its own rendering provider: its claim counts as one that provider rendered, so a rate stays <= 1.
        var claimsByRendering = adjudicated.Select(a => (Key: a.RenderingProvider ?? Unknown, a.ClaimId))
            .Concat(denials.Select(d => (Key: d.RenderingProvider ?? Unknown, d.ClaimId)))
            .Distinct().GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Count());
        var codesByClaim = adjudicated.GroupBy(a => a.ClaimId)
            .ToDictionary(g => g.Key, g => g.SelectMany(a => a.ProcedureCodes?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []).ToHashSet(StringComparer.Ordinal));
        var claimsByProcedure = codesByClaim.Values.SelectMany(codes => codes).GroupBy(code => code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // A denied line counts for its own code; a whole-claim denial (line 0) for every code on the claim, with no line dollars to split.
        var deniedProcedures = denials.Where(d => d.Procedure is not null).Select(d => (Key: d.Procedure!, d.ClaimId, d.Amount))
            .Concat(denials.Where(d => d.Line == 0).SelectMany(d => (codesByClaim.GetValueOrDefault(d.ClaimId) ?? []).Select(code => (Key: code, d.ClaimId, Amount: 0m))));
        // Appeals per claim: the outcome a biller recorded on the appeal screen; for a claim marked Appealed in the queue
        // without one, the payer clearing its lines (a newer version no longer denies them) counts as overturned, else pending.
        // Only appeals that reached the payer: a letter filed in the chart or exported but not confirmed is not an appeal yet.
        AppealStatus[] reached = [AppealStatus.Submitted, AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];
        var recorded = await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && reached.Contains(a.Status))
            .Select(a => new { a.ClaimId, a.PayerId, a.Status, a.Amount }).ToListAsync(ct);
        var recordedClaims = recorded.Select(a => a.ClaimId).ToHashSet(StringComparer.Ordinal);
        var marked = await db.DenialWorkItems.AsNoTracking().Where(w => w.Tenant == tenant && w.Status == DenialStatus.Appealed)
            .Select(w => new { w.ClaimId, w.PayerId, w.ClearedByPayer, w.Amount }).ToListAsync(ct);
        var appeals = recorded.Select(a => (a.ClaimId, a.PayerId, a.Status, a.Amount))
            .Concat(marked.Where(m => !recordedClaims.Contains(m.ClaimId)).GroupBy(m => m.ClaimId)
                .Select(g => (ClaimId: g.Key, g.First().PayerId, Status: g.All(m => m.ClearedByPayer) ? AppealStatus.Overturned : AppealStatus.Submitted, Amount: g.Sum(m => m.Amount))))
            .ToList();
        var ended = appeals.Where(a => Decided.Contains(a.Status)).ToList();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var open = items.Where(i => !Closed.Contains(i.Status)).ToList();
        var reasons = items.Where(i => i.Kind is DenialKind.Denial or DenialKind.Rejection)
            .GroupBy(i => Label(i) ?? "(no reason)")
            .Select(g => new DashboardRow(g.Key, g.Count(), g.Sum(i => i.Amount)))
            .ToList();
        return new DenialDashboard
        {
            ClaimsAdjudicated = adjudicated.Select(a => a.ClaimId).Distinct().Count(),
            ClaimsDenied = denials.Select(d => d.ClaimId).Distinct().Count(),
            Rejections = items.Count(i => i.Kind == DenialKind.Rejection),
            SubmittedDollars = adjudicated.Sum(a => a.Submitted ?? 0),
            DeniedDollars = denials.Sum(d => d.Amount),
            DollarsNearDeadline = open.Where(i => i.Deadline is { } d && d.DayNumber - today.DayNumber is >= 0 and var left && left <= options.DeadlineFloorDays).Sum(i => i.Amount),
            TopReasonsByCount = reasons.OrderByDescending(r => r.Count).ThenByDescending(r => r.Amount).ThenBy(r => r.Key, StringComparer.Ordinal).Take(5).ToList(),
            TopReasonsByDollars = reasons.OrderByDescending(r => r.Amount).ThenByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).Take(5).ToList(),
            ByPayer = Rated(denials.Select(d => (d.PayerId ?? Unknown, d.ClaimId, d.Amount)), claimsByPayer),
            ByCategory = denials.GroupBy(d => d.Category)
                .Select(g => new DashboardRow(g.Key.ToString(), g.Count(), g.Sum(d => d.Amount)))
                .OrderByDescending(r => r.Amount)
                .ToList(),
            Aging = AgingBuckets.Select(b => (b.Name, Items: open.Where(i => i.DecisionDate is { } d && today.DayNumber - d.DayNumber is var age && age >= b.From && age <= b.To).ToList()))
                .Select(b => new DashboardRow(b.Name, b.Items.Count, b.Items.Sum(i => i.Amount)))
                .ToList(),
            ClaimsFirstAdjudicated = firsts.Count,
            ClaimsCleanFirstPass = firsts.Count(f => f.DenialLines == 0 && f.Outcome != "error" && f.Status != "cancelled"),
            ByProvider = Rated(denials.Select(d => (d.Provider ?? Unknown, d.ClaimId, d.Amount)), claimsByProvider),
            ByRenderingProvider = Rated(denials.Select(d => (d.RenderingProvider ?? Unknown, d.ClaimId, d.Amount)), claimsByRendering),
            ByProcedure = Rated(deniedProcedures, claimsByProcedure),
            Monthly = Enumerable.Range(0, 12).Select(back => thisMonth.AddMonths(back - 11))
                .Select(month => (Month: month, Next: month.AddMonths(1)))
                .Select(m => new MonthlyRow(
                    m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                    adjudicated.Where(a => a.DecisionDate >= m.Month && a.DecisionDate < m.Next).Select(a => a.ClaimId).Distinct().Count(),
                    denials.Where(d => d.DecisionDate >= m.Month && d.DecisionDate < m.Next).Select(d => d.ClaimId).Distinct().Count(),
                    adjudicated.Where(a => a.DecisionDate >= m.Month && a.DecisionDate < m.Next).Sum(a => a.Submitted ?? 0),
                    denials.Where(d => d.DecisionDate >= m.Month && d.DecisionDate < m.Next).Sum(d => d.Amount)))
                .ToList(),
            AppealsOverturned = ended.Count(a => a.Status is AppealStatus.Overturned or AppealStatus.Partial),
            AppealsEnded = ended.Count,
            AppealsPending = appeals.Count(a => a.Status == AppealStatus.Submitted),
            OverturnByPayer = ended.GroupBy(a => a.PayerId ?? Unknown)
                .Select(g => new DashboardRow(g.Key, g.Count(), g.Where(a => a.Status != AppealStatus.Upheld).Sum(a => a.Amount),
                    (double)g.Count(a => a.Status != AppealStatus.Upheld) / g.Count()))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList(),
        };
    }

    private const string Unknown = "(unknown)";

    /// <summary>Per key: denied claims, denied dollars, and denied claims ÷ the key's adjudicated claims; highest rate first.</summary>
    private static List<DashboardRow> Rated(IEnumerable<(string Key, string ClaimId, decimal Amount)> denied, Dictionary<string, int> claims) =>
        denied.GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Denied: g.Select(d => d.ClaimId).Distinct().Count(), Amount: g.Sum(d => d.Amount)))
            .Select(g => new DashboardRow(g.Key, g.Denied, g.Amount, claims.TryGetValue(g.Key, out var n) && n > 0 ? (double)g.Denied / n : null))
            .OrderByDescending(r => r.Rate).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    private static readonly (string Name, int From, int To)[] AgingBuckets = [("0-30 days", int.MinValue, 30), ("31-60 days", 31, 60), ("61-90 days", 61, 90), ("over 90 days", 91, int.MaxValue)];

    private DenialQueueRow ToRow(DenialWorkItem w, int notes, IReadOnlyCollection<AppealOutcomeFact> decided)
    {
        var odds = AppealOdds.Estimate(decided, triage.OverturnPrior(w.Category), w.Category, w.PayerId, w.DeadlineLevel ?? "", completeness: null);
        return ToRow(w, notes) with { OverturnProbability = odds.Probability, OverturnBasis = odds.Basis, ExpectedValue = triage.ExpectedValue(odds.Probability, w.Amount) };
    }

    private DenialQueueRow ToRow(DenialWorkItem w, int notes) => new()
    {
        Id = w.Id,
        ClaimId = w.ClaimId,
        PatientId = w.PatientId,
        PayerId = w.PayerId,
        Provider = w.Provider,
        EobId = w.EobId,
        Line = w.Line,
        Kind = w.Kind,
        Category = w.Category,
        Owner = w.Owner,
        Reason = Label(w),
        Carc = w.Carc,
        Rarc = w.Rarc,
        Rule = w.Rule ?? DenialCause.NoRule,
        Amount = w.Amount,
        DecisionDate = w.DecisionDate,
        ServiceDate = w.ServiceDate,
        Procedure = w.Procedure,
        Deadline = w.Deadline,
        DeadlineLevel = w.DeadlineLevel,
        DaysLeft = w.Deadline is { } deadline ? deadlines.DaysLeft(deadline) : null,
        Route = w.Route,
        Decision = w.Decision,
        AppealLevel = w.AppealLevel,
        Status = w.Status,
        ClearedByPayer = w.ClearedByPayer,
        Assignee = w.Assignee,
        NextAction = w.NextAction,
        DueDate = w.DueDate,
        ExpectedValue = triage.ExpectedValue(w.Category, w.Amount),
        Notes = notes,
    };

    private static string? Label(DenialWorkItem w) => w.Carc is null ? w.ErrorCode : w.GroupCode is null ? w.Carc : w.GroupCode + "-" + w.Carc;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
