using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The practice's appeals: drafts as billers edit them, sending (only with a fully backed letter), and the payer's
/// outcome. Every query is filtered by tenant. A sent appeal is never edited: its letter is what the payer received.
/// </summary>
public sealed class AppealLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public async Task<AppealRecord?> FindAsync(string tenant, string claimId, string level, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Tenant == tenant && a.ClaimId == claimId && a.Level == level, ct);
    }

    public async Task<IReadOnlyList<AppealRecord>> ForClaimsAsync(string tenant, IReadOnlyCollection<string> claimIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && claimIds.Contains(a.ClaimId)).OrderBy(a => a.Id).ToListAsync(ct);
    }

    /// <summary>Creates or updates the draft for (claim, level); refuses once the appeal was sent.</summary>
    public async Task<AppealRecord> SaveDraftAsync(string tenant, AppealDraft draft, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await db.Appeals.FirstOrDefaultAsync(a => a.Tenant == tenant && a.ClaimId == draft.ClaimId && a.Level == draft.Level, ct);
        if (record is null)
        {
            record = new AppealRecord { Tenant = tenant, ClaimId = draft.ClaimId, Level = draft.Level, CreatedBy = user.User, CreatedAt = now };
            db.Appeals.Add(record);
        }
        else if (record.Status != AppealStatus.Draft)
        {
            throw new InvalidOperationException("This appeal was already sent; its letter can no longer be changed.");
        }

        record.PatientId = draft.PatientId;
        record.PayerId = draft.PayerId;
        record.Category = draft.Category;
        record.Deadline = draft.Deadline;
        record.Amount = draft.Amount;
        record.CriteriaTotal = draft.CriteriaTotal;
        record.CriteriaFound = draft.CriteriaFound;
        record.Html = draft.Html;
        record.Unbacked = draft.Unbacked;
        record.UpdatedBy = user.User;
        record.UpdatedAt = now;
        AuditTrail.Stage(db, tenant, user, new AuditRecord(record.Id == 0 ? AuditAction.Create : AuditAction.Update, $"Claim/{draft.ClaimId}", "appeal-draft", AuditRecord.PatientOf(draft.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Marks a backed draft as sent, with the packet's reference on the EHR.</summary>
    public async Task<AppealRecord> MarkSubmittedAsync(string tenant, long id, string packetDocument, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var record = await db.Appeals.FirstOrDefaultAsync(a => a.Tenant == tenant && a.Id == id, ct)
            ?? throw new InvalidOperationException("No such appeal in this practice.");
        if (record.Status != AppealStatus.Draft)
        {
            throw new InvalidOperationException("This appeal was already sent.");
        }

        if (record.Unbacked > 0)
        {
            throw new InvalidOperationException($"The letter has {record.Unbacked} sentence(s) without backing; fix them before sending.");
        }

        record.Status = AppealStatus.Submitted;
        record.PacketDocument = packetDocument;
        record.SubmittedAt = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = user.User;
        record.UpdatedAt = record.SubmittedAt.Value;
        AuditTrail.Stage(db, tenant, user, new AuditRecord(AuditAction.Update, $"Claim/{record.ClaimId}", "appeal-send", AuditRecord.PatientOf(record.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Records the payer's decision on a sent appeal (a later correction of it is allowed).</summary>
    public async Task<AppealRecord> RecordOutcomeAsync(string tenant, long id, AppealStatus outcome, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (outcome is not (AppealStatus.Overturned or AppealStatus.Upheld or AppealStatus.Partial))
        {
            throw new ArgumentException("An outcome is overturned, upheld or partial.", nameof(outcome));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var record = await db.Appeals.FirstOrDefaultAsync(a => a.Tenant == tenant && a.Id == id, ct)
            ?? throw new InvalidOperationException("No such appeal in this practice.");
        if (record.Status == AppealStatus.Draft)
        {
            throw new InvalidOperationException("Send the appeal before recording the payer's decision.");
        }

        record.Status = outcome;
        record.OutcomeAt = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = user.User;
        record.UpdatedAt = record.OutcomeAt.Value;
        AuditTrail.Stage(db, tenant, user, new AuditRecord(AuditAction.Update, $"Claim/{record.ClaimId}", "appeal-outcome", AuditRecord.PatientOf(record.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>The practice's decided appeals, for the success estimate.</summary>
    public async Task<IReadOnlyList<AppealOutcomeFact>> DecidedAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        AppealStatus[] decided = [AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];
        var rows = await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && decided.Contains(a.Status)).ToListAsync(ct);
        return rows.Select(a => new AppealOutcomeFact(a.Category, a.PayerId, a.Level, a.Completeness, a.Status)).ToList();
    }
}
