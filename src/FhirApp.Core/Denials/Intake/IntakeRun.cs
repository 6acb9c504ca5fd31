using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// One run of a practice's adjudication intake (search poll, per-patient poll or Bulk export): its <see cref="JobRun"/>
/// row, its outcome and, on failure, only the run's end written, so the next run starts from the last committed checkpoint.
/// </summary>
internal static class IntakeRun
{
    public static async Task<PollSummary> ExecuteAsync(
        IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ILogger logger, string tenant, string what,
        Func<AppDbContext, JobRun, Task> body, CancellationToken ct, Func<Exception, string?>? endedElsewhere = null)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var run = new JobRun { Tenant = tenant, Job = AdjudicationPoller.JobName, StartedAt = clock.GetUtcNow() };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            await body(db, run);
            run.Outcome = JobRunOutcome.Succeeded;
        }
        catch (Exception ex) when (endedElsewhere?.Invoke(ex) is { } note)
        {
            await KeepOnlyRunAsync(db, run);
            run.Outcome = JobRunOutcome.Succeeded;
            run.Message = note;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await KeepOnlyRunAsync(db, run);
            run.Outcome = JobRunOutcome.Cancelled;
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await KeepOnlyRunAsync(db, run);
            run.Outcome = JobRunOutcome.Failed;
            run.Message = Truncate($"{ex.GetType().Name}: {Describe(ex)}");
            logger.LogWarning("{What} of {Tenant} failed after {Pages} pages: {Error}", what, tenant, run.Pages, run.Message);
        }
        finally
        {
            run.EndedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return new PollSummary(run.Id, run.Pages, run.Resources, run.Stored, run.Errors);
    }

    /// <summary>The job-run columns' limit.</summary>
    public static string Truncate(string s) => s.Length <= 2000 ? s : s[..2000];

    /// <summary>
    /// Drops what the failed page changed (its checkpoint move, error rows, counters) so that only the run's end is
    /// written: the next run reads that page again from the last committed checkpoint.
    /// </summary>
    private static async Task KeepOnlyRunAsync(AppDbContext db, JobRun run)
    {
        db.ChangeTracker.Clear();
        db.JobRuns.Attach(run);
        await db.Entry(run).ReloadAsync(CancellationToken.None); // counters as last committed
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException h when h.StatusCode is { } status => $"HTTP {(int)status}",
        HttpRequestException h => h.HttpRequestError.ToString(),
        DbUpdateException => "database update failed",
        _ => ex.Message,
    };
}
