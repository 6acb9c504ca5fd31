using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Audit;

/// <summary>
/// The practice's audit trail of PHI reads and changes. Changes are staged into the same SaveChanges as the change
/// itself (<see cref="Stage"/>), so a change is never stored without its entry. Reads are recorded on their own and
/// coalesced: a screen re-reads the same record on every render, so one entry per launch, resource and outcome per
/// <see cref="CoalesceWindow"/> counts the repeats instead of storing each.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMinutes(1);

    /// <summary>The most an export returns in one call; ask for a shorter time range to get the rest.</summary>
    public const int ExportLimit = 50_000;

    public async Task RecordAsync(string tenant, AuditActor actor, AuditRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (record.Action == AuditAction.Read)
        {
            var since = now - CoalesceWindow;
            var same = await db.AuditEntries
                .Where(e => e.Tenant == tenant && e.Action == AuditAction.Read && e.LaunchId == actor.LaunchId && e.User == actor.User
                    && e.What == record.What && e.Outcome == record.Outcome && e.RecordedAt >= since)
                .OrderByDescending(e => e.RecordedAt)
                .FirstOrDefaultAsync(ct);
            if (same is not null)
            {
                same.Count++;
                await db.SaveChangesAsync(ct);
                return;
            }
        }
        Stage(db, tenant, actor, record, clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the entry to a context whose SaveChanges also stores the change it records.</summary>
    public static void Stage(AppDbContext db, string tenant, AuditActor actor, AuditRecord record, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(clock);
        db.AuditEntries.Add(new AuditEntry
        {
            Tenant = tenant,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
            User = actor.User,
            LaunchId = actor.LaunchId,
            ClientAddress = actor.ClientAddress,
            Action = record.Action,
            What = record.What,
            Patient = record.Patient,
            Outcome = record.Outcome,
            Purpose = record.Purpose,
        });
    }

    /// <summary>One page of the practice's entries, newest first, with the number that match.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var matching = Filter(db, query);
        var total = await matching.CountAsync(ct);
        var page = await matching.OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id)
            .Skip(Math.Max(query.Skip, 0)).Take(Math.Clamp(query.Take, 1, 1000)).AsNoTracking().ToListAsync(ct);
        return (page, total);
    }

    /// <summary>The practice's entries in a time range, oldest first, up to <see cref="ExportLimit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ExportAsync(string tenant, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Filter(db, new AuditQuery(tenant) { From = from, To = to })
            .OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).Take(ExportLimit).AsNoTracking().ToListAsync(ct);
    }

    private static IQueryable<AuditEntry> Filter(AppDbContext db, AuditQuery q)
    {
        var entries = db.AuditEntries.Where(e => e.Tenant == q.Tenant);
        if (q.From is { } from)
        {
            var f = from.UtcDateTime;
            entries = entries.Where(e => e.RecordedAt >= f);
        }
        if (q.To is { } to)
        {
            var t = to.UtcDateTime;
            entries = entries.Where(e => e.RecordedAt < t);
        }
        if (!string.IsNullOrWhiteSpace(q.User))
        {
            var user = q.User.Trim();
            entries = entries.Where(e => e.User == user);
        }
        if (!string.IsNullOrWhiteSpace(q.Patient))
        {
            var patient = q.Patient.Trim();
            patient = patient.StartsWith("Patient/", StringComparison.Ordinal) ? patient : "Patient/" + patient;
            entries = entries.Where(e => e.Patient == patient);
        }
        if (q.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }
        return entries;
    }
}
