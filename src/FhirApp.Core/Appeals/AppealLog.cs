using System.Globalization;
using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The practice's appeals: drafts as billers edit them, filing in the chart, sending to the payer (only with a fully
/// backed letter, and only as "sent" once a payer channel acknowledged it), and the payer's outcome per level. Every
/// query is filtered by tenant. A letter filed or sent is never edited: it is what the chart or the payer has.
/// </summary>
public sealed class AppealLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    private static readonly AppealStatus[] DecidedStatuses = [AppealStatus.Overturned, AppealStatus.Upheld, AppealStatus.Partial];

    public async Task<AppealRecord?> FindAsync(string tenant, string claimId, string level, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Tenant == tenant && a.ClaimId == claimId && a.Level == level, ct);
    }

    public async Task<AppealRecord?> GetAsync(string tenant, long id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Appeals.AsNoTracking().FirstOrDefaultAsync(a => a.Tenant == tenant && a.Id == id, ct);
    }

    public async Task<IReadOnlyList<AppealRecord>> ForClaimsAsync(string tenant, IReadOnlyCollection<string> claimIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && claimIds.Contains(a.ClaimId)).OrderBy(a => a.LevelNumber).ThenBy(a => a.Id).ToListAsync(ct);
    }

    /// <summary>Creates or updates the draft for (claim, level); refuses once the letter was filed or sent.</summary>
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
            throw new InvalidOperationException(record.Status == AppealStatus.Filed
                ? "This letter is filed in the chart; it can no longer be changed."
                : "This appeal was already sent; its letter can no longer be changed.");
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
        record.LevelNumber = draft.LevelNumber;
        record.Lines = draft.Lines.Count == 0 ? null : string.Join(' ', draft.Lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        record.PriorDecision = draft.PriorDecision;
        record.PriorReference = draft.PriorReference;
        record.UpdatedBy = user.User;
        record.UpdatedAt = now;
        AuditTrail.Stage(db, tenant, user, new AuditRecord(record.Id == 0 ? AuditAction.Create : AuditAction.Update, $"Claim/{draft.ClaimId}", "appeal-draft", AuditRecord.PatientOf(draft.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Records that a backed letter was filed in the chart as <paramref name="packetDocument"/>. Filing is not sending: a draft becomes <see cref="AppealStatus.Filed"/>, a sent appeal keeps its status.</summary>
    public Task<AppealRecord> MarkFiledAsync(string tenant, long id, string packetDocument, AuditActor user, CancellationToken ct) =>
        UpdateAsync(tenant, id, user, "appeal-file", record =>
        {
            RequireBacked(record);
            record.PacketDocument = packetDocument;
            record.FiledAt = clock.GetUtcNow().UtcDateTime;
            if (record.Status == AppealStatus.Draft)
            {
                record.Status = AppealStatus.Filed;
            }
        }, ct);

    /// <summary>Records an export for the payer's portal or fax: not sent until a biller confirms it (<see cref="MarkSentAsync"/>).</summary>
    public Task<AppealRecord> MarkExportedAsync(string tenant, long id, string channel, AuditActor user, CancellationToken ct) =>
        UpdateAsync(tenant, id, user, "appeal-export", record =>
        {
            RequireBacked(record);
            RequireUnsent(record);
            record.Channel = channel;
            record.Status = AppealStatus.Exported;
        }, ct);

    /// <summary>Records that the payer received the appeal: by CDex with the payer's acknowledgement, or by portal or fax with the confirmation a biller read off it.</summary>
    public Task<AppealRecord> MarkSentAsync(string tenant, long id, string channel, string acknowledgement, string? detail, AuditActor user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(acknowledgement))
        {
            throw new ArgumentException("An appeal is sent only with the payer's acknowledgement or the portal's or fax's confirmation.", nameof(acknowledgement));
        }

        return UpdateAsync(tenant, id, user, "appeal-send", record =>
        {
            RequireBacked(record);
            RequireUnsent(record);
            record.Status = AppealStatus.Submitted;
            record.Channel = channel;
            record.Acknowledgement = Trim(acknowledgement.Trim(), 200);
            record.AcknowledgementDetail = Trim(detail, 4000);
            record.SubmittedAt = clock.GetUtcNow().UtcDateTime;
        }, ct);
    }

    /// <summary>Records the payer's decision on a sent appeal, with the date on its notice (a later correction is allowed).</summary>
    public Task<AppealRecord> RecordOutcomeAsync(string tenant, long id, AppealStatus outcome, DateOnly? decided, string? reference, AuditActor user, CancellationToken ct)
    {
        if (!DecidedStatuses.Contains(outcome))
        {
            throw new ArgumentException("An outcome is overturned, upheld or partial.", nameof(outcome));
        }

        return UpdateAsync(tenant, id, user, "appeal-outcome", record =>
        {
            if (record.Status is not (AppealStatus.Submitted or AppealStatus.Overturned or AppealStatus.Upheld or AppealStatus.Partial))
            {
                throw new InvalidOperationException("Send the appeal to the payer before recording its decision: a letter filed in the chart or exported has not reached the payer.");
            }

            record.Status = outcome;
            record.OutcomeAt = clock.GetUtcNow().UtcDateTime;
            record.OutcomeDate = decided ?? DateOnly.FromDateTime(record.OutcomeAt.Value);
            record.OutcomeReference = Trim(reference?.Trim() is { Length: > 0 } r ? r : null, 100);
        }, ct);
    }

    /// <summary>The practice's decided appeals, for the success estimate.</summary>
    public async Task<IReadOnlyList<AppealOutcomeFact>> DecidedAsync(string tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Appeals.AsNoTracking().Where(a => a.Tenant == tenant && DecidedStatuses.Contains(a.Status)).ToListAsync(ct);
        return rows.Select(a => new AppealOutcomeFact(a.Category, a.PayerId, a.Level, a.Completeness, a.Status)).ToList();
    }

    private async Task<AppealRecord> UpdateAsync(string tenant, long id, AuditActor user, string purpose, Action<AppealRecord> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var record = await db.Appeals.FirstOrDefaultAsync(a => a.Tenant == tenant && a.Id == id, ct)
            ?? throw new InvalidOperationException("No such appeal in this practice.");
        change(record);
        record.UpdatedBy = user.User;
        record.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        AuditTrail.Stage(db, tenant, user, new AuditRecord(AuditAction.Update, $"Claim/{record.ClaimId}", purpose, AuditRecord.PatientOf(record.PatientId)), clock);
        await db.SaveChangesAsync(ct);
        return record;
    }

    private static void RequireBacked(AppealRecord record)
    {
        if (record.Html is null)
        {
            throw new InvalidOperationException("Save the letter first.");
        }

        if (record.Unbacked > 0)
        {
            throw new InvalidOperationException($"The letter has {record.Unbacked} sentence(s) without backing; fix them first.");
        }
    }

    private static void RequireUnsent(AppealRecord record)
    {
        if (record.Status is not (AppealStatus.Draft or AppealStatus.Filed or AppealStatus.Exported))
        {
            throw new InvalidOperationException("This appeal was already sent.");
        }
    }

    private static string? Trim(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
