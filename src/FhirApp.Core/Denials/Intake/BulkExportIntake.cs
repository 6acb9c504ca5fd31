using System.Globalization;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Claims.Sources;
using FhirApp.Core.Claims.Sources.Bulk;
using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// Incremental intake of adjudications through FHIR Bulk Data <c>$export</c>: kick-off with <c>_since</c> = the last
/// completed export's transactionTime, poll, download each file to disk, store it page by page through the
/// <see cref="IAdjudicationSink"/>, record the error files per resource, then move the checkpoint to the new
/// transactionTime and delete the job. Every step is persisted in the <see cref="BulkExportState"/> before the next: a
/// restart resumes the same export from the stored status URL and the file and line it reached; a page stored twice
/// (a crash between the sink and the state) is absorbed by the sink's idempotence. An expired job or file URL starts a
/// fresh export from the same checkpoint. Two runs that race to kick off (two cluster nodes) settle on one export: the
/// state row's concurrency stamp lets one store its status URL, the other deletes its own job and follows that one.
/// </summary>
public sealed class BulkExportIntake(IDbContextFactory<AppDbContext> dbs, IAdjudicationSink sink, TimeProvider clock, ILogger<BulkExportIntake> logger)
{
    /// <summary>Fresh kick-offs one run makes after an expired job or file URL.</summary>
    private const int MaxFreshKickOffs = 2;

    public Task<PollSummary> RunAsync(BulkExportTarget target, BulkExportClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(client);
        return IntakeRun.ExecuteAsync(dbs, clock, logger, target.Tenant, "Bulk export intake", (db, run) => ExportAsync(db, run, target, client, ct), ct,
            // Losing the kick-off race, or finding the state row moved by another node while following the same export
            // (its saves conflict with ours): that node stores the export, and what this run stored is absorbed by the
            // sink's idempotence.
            ex => ex is ExportRunElsewhereException or DbUpdateConcurrencyException ? "Another node runs this export at the same moment; that node stores it." : null);
    }

    /// <summary>The source's export checkpoint: LastUpdated = the last completed export's transactionTime.</summary>
    public static async Task<IntakeCheckpoint?> CheckpointAsync(AppDbContext db, string tenant, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.IntakeCheckpoints.SingleOrDefaultAsync(c => c.Tenant == tenant && c.Source == source && c.ResourceType == BulkExportState.CheckpointType, ct);
    }

    private async Task ExportAsync(AppDbContext db, JobRun run, BulkExportTarget target, BulkExportClient client, CancellationToken ct)
    {
        var checkpoint = await CheckpointAsync(db, target.Tenant, target.Source, ct);
        if (checkpoint is null)
        {
            checkpoint = new IntakeCheckpoint { Tenant = target.Tenant, Source = target.Source, ResourceType = BulkExportState.CheckpointType, UpdatedAt = clock.GetUtcNow() };
            db.IntakeCheckpoints.Add(checkpoint);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node created the row first (unique per tenant, source and type): use theirs.
                db.ChangeTracker.Clear();
                db.JobRuns.Attach(run);
                checkpoint = await CheckpointAsync(db, target.Tenant, target.Source, ct) ?? throw new InvalidOperationException("The export checkpoint could not be created.");
            }
        }

        var openErrors = await db.JobRunErrors
            .Where(e => e.Tenant == target.Tenant && e.Source == target.Source && e.ResolvedAt == null && e.ResourceId != null)
            .ToListAsync(ct);
        var fresh = 0;
        while (true)
        {
            var state = BulkExportState.Parse(checkpoint.SeenAtLastUpdated);
            if (state.StatusUrl is null)
            {
                (checkpoint, state) = await KickOffAsync(db, checkpoint, target, client, ct);
            }

            var statusUrl = new Uri(state.StatusUrl!);
            try
            {
                var manifest = await client.WaitAsync(statusUrl, async progress =>
                {
                    state.Progress = progress ?? "The EHR is preparing the export";
                    state.ProgressAt = clock.GetUtcNow();
                    await SaveStateAsync(db, checkpoint, state, ct);
                }, ct);
                await StoreFilesAsync(db, run, checkpoint, state, manifest, target, client, openErrors, ct);
                checkpoint.LastUpdated = manifest.TransactionTime;
                await SaveStateAsync(db, checkpoint, new BulkExportState
                {
                    Progress = string.Create(CultureInfo.InvariantCulture, $"Complete: {run.Resources:N0} records read"),
                    ProgressAt = clock.GetUtcNow(),
                }, ct);
                if (!await client.DeleteAsync(statusUrl, ct))
                {
                    logger.LogInformation("The EHR did not confirm deleting the completed export of {Tenant}", target.Tenant);
                }
                return;
            }
            catch (BulkExportException ex) when (ex.Gone && fresh < MaxFreshKickOffs)
            {
                fresh++;
                logger.LogInformation("Bulk export of {Tenant} is gone ({Reason}); starting a fresh one from the same checkpoint", target.Tenant, ex.Message);
                await SaveStateAsync(db, checkpoint, new BulkExportState { KickOffs = state.KickOffs }, ct);
            }
        }
    }

    private async Task<(IntakeCheckpoint, BulkExportState)> KickOffAsync(
        AppDbContext db, IntakeCheckpoint checkpoint, BulkExportTarget target, BulkExportClient client, CancellationToken ct)
    {
        var statusUrl = await client.KickOffAsync(new BulkExportRequest(target.GroupId, target.ResourceTypes, checkpoint.LastUpdated), ct);
        var previous = BulkExportState.Parse(checkpoint.SeenAtLastUpdated);
        var state = new BulkExportState
        {
            StatusUrl = statusUrl.AbsoluteUri,
            KickedOffAt = clock.GetUtcNow(),
            KickOffs = previous.KickOffs + 1,
            Progress = "Export requested",
            ProgressAt = clock.GetUtcNow(),
        };
        try
        {
            await SaveStateAsync(db, checkpoint, state, ct);
            return (checkpoint, state);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node stored its export first: drop ours and leave that one to the node that started it.
            await client.DeleteAsync(statusUrl, ct);
            logger.LogInformation("Another node started the export of {Tenant} first; this run ends", target.Tenant);
            throw new ExportRunElsewhereException();
        }
    }

    private async Task StoreFilesAsync(
        AppDbContext db, JobRun run, IntakeCheckpoint checkpoint, BulkExportState state, BulkExportManifest manifest,
        BulkExportTarget target, BulkExportClient client, List<JobRunError> openErrors, CancellationToken ct)
    {
        Directory.CreateDirectory(target.WorkDirectory);
        var files = manifest.Output.Where(f => target.ResourceTypes.Contains(f.Type)).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (state.FilesDone.Contains(file.Url))
            {
                continue;
            }

            var origin = string.Create(CultureInfo.InvariantCulture, $"{file.Type} file {i + 1}");
            var path = Path.Combine(target.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"{target.Source.Replace(':', '-')}-{i + 1}.ndjson"));
            state.Progress = string.Create(CultureInfo.InvariantCulture, $"Storing file {i + 1} of {files.Count}");
            state.ProgressAt = clock.GetUtcNow();
            await SaveStateAsync(db, checkpoint, state, ct);
            await client.DownloadAsync(file.Url, path, ct);
            try
            {
                var skip = state.CurrentFile == file.Url ? state.LinesDone : 0;
                await foreach (var page in FolderFhirSource.ReadNdjsonPagesAsync(path, origin, skip, target.PageSize, ct))
                {
                    var resources = page.Resources.Where(r => target.ResourceTypes.Contains(r.TypeName)).ToList();
                    if (resources.Count > 0)
                    {
                        run.Stored += (await sink.StoreAsync(target.Tenant, target.Source, resources, ct)).Stored;
                        Resolve(openErrors, resources);
                    }
                    foreach (var issue in page.Issues.Where(i => i.Skipped))
                    {
                        RecordError(db, run, target, issue.ResourceType ?? file.Type, issue.ResourceId, issue.Message, openErrors);
                    }
                    state.CurrentFile = file.Url;
                    state.LinesDone = page.FirstLine + page.Lines;
                    run.Pages++;
                    run.Resources += resources.Count;
                    await SaveStateAsync(db, checkpoint, state, ct); // the state moves only after the sink has stored the page
                }
            }
            finally
            {
                File.Delete(path);
            }

            state.FilesDone.Add(file.Url);
            state.CurrentFile = null;
            state.LinesDone = 0;
            await SaveStateAsync(db, checkpoint, state, ct);
        }

        foreach (var error in manifest.Error.Where(e => !state.FilesDone.Contains(e.Url)))
        {
            var path = Path.Combine(target.WorkDirectory, target.Source.Replace(':', '-') + "-errors.ndjson");
            await client.DownloadAsync(error.Url, path, ct);
            try
            {
                foreach (var item in BulkExportClient.ReadErrors(path))
                {
                    RecordError(db, run, target, item.ResourceType, item.ResourceId,
                        $"The EHR reported it could not export this record (issue: {item.Code}).", openErrors);
                }
            }
            finally
            {
                File.Delete(path);
            }
            state.FilesDone.Add(error.Url);
            await SaveStateAsync(db, checkpoint, state, ct);
        }
    }

    private async Task SaveStateAsync(AppDbContext db, IntakeCheckpoint checkpoint, BulkExportState state, CancellationToken ct)
    {
        checkpoint.SeenAtLastUpdated = state.ToJson();
        checkpoint.UpdatedAt = clock.GetUtcNow();
        checkpoint.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(ct);
    }

    private void Resolve(List<JobRunError> openErrors, List<Hl7.Fhir.Model.Resource> stored)
    {
        if (openErrors.Count == 0)
        {
            return;
        }
        var keys = stored.Select(r => (r.TypeName, r.Id)).ToHashSet();
        foreach (var error in openErrors.Where(e => e.ResolvedAt is null && keys.Contains((e.ResourceType!, e.ResourceId!))).ToList())
        {
            error.ResolvedAt = clock.GetUtcNow();
            openErrors.Remove(error);
        }
    }

    /// <summary>Adds (or counts again) the error row; it is saved with the page's state.</summary>
    private void RecordError(AppDbContext db, JobRun run, BulkExportTarget target, string? type, string? id, string message, List<JobRunError> openErrors)
    {
        run.Errors++;
        logger.LogWarning("Bulk export intake of {Tenant}: a {Type} could not be taken in: {Error}", target.Tenant, type, message);
        if (openErrors.FirstOrDefault(e => e.ResourceType == type && e.ResourceId == id && id is not null) is { } existing)
        {
            existing.Attempts++;
            existing.Error = IntakeRun.Truncate(message);
            return;
        }
        var error = new JobRunError
        {
            JobRunId = run.Id,
            Tenant = target.Tenant,
            Source = target.Source,
            ResourceType = type,
            ResourceId = id,
            Error = IntakeRun.Truncate(message),
            OccurredAt = clock.GetUtcNow(),
        };
        db.JobRunErrors.Add(error);
        if (id is not null)
        {
            openErrors.Add(error);
        }
    }
}

/// <summary>Another node won the race to start the export (its status URL is stored): this run ends without work.</summary>
internal sealed class ExportRunElsewhereException : Exception
{
    public ExportRunElsewhereException()
        : base("Another node runs this export.")
    {
    }

    public ExportRunElsewhereException(string message)
        : base(message)
    {
    }

    public ExportRunElsewhereException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
