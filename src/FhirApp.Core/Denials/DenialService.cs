using FhirApp.Core.Audit;
using System.Globalization;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Denials;

/// <summary>
/// The denial work queue of one practice (tenant): triaged rows, biller actions (assign, status, next action, bulk on
/// same-cause items) and payer call notes (the dashboard is the Metrics feature's). Every query and update is filtered by tenant, and the work
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
