using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Denials.Intake;

/// <summary>Read-only view of job runs and open errors for the admin page.</summary>
public sealed class JobStatusReader(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<IReadOnlyList<JobRun>> RecentRunsAsync(string tenant, string job, int count, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.JobRuns.AsNoTracking().Where(r => r.Tenant == tenant && r.Job == job).OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<JobRunError>> OpenErrorsAsync(string tenant, int count, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.JobRunErrors.AsNoTracking().Where(e => e.Tenant == tenant && e.ResolvedAt == null).OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
    }

    /// <summary>The practice's newest adjudications the intake could not read, in plain words (newest first).</summary>
    public async Task<IReadOnlyList<UnreadableAdjudication>> UnreadableAdjudicationsAsync(string tenant, int count, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.AdjudicationIntakeErrors.AsNoTracking().Where(e => e.Tenant == tenant)
            .OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Id).Take(count).ToListAsync(ct);
        return [.. rows.Select(UnreadableAdjudication.Of)];
    }

    public async Task<IReadOnlyList<IntakeCheckpoint>> CheckpointsAsync(string tenant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.IntakeCheckpoints.AsNoTracking().Where(c => c.Tenant == tenant).OrderBy(c => c.Id).ToListAsync(ct);
    }
}
