using System.Globalization;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Scoring.Registry;

/// <summary>
/// What the retraining job does for one practice: train on the practice's own history (its folder under Scoring:HistoryRoot) and
/// register the result as a Ready version, or check the live model's AUC on the claims adjudicated in the last week and
/// retrain when it is under the floor. Each call is recorded as a <see cref="JobRun"/> (jobs page); logs hold counts only.
/// </summary>
public sealed class ModelRetrainer(
    ModelRegistry registry, RiskOverrides overrides, IDbContextFactory<AppDbContext> dbs, RuleBook rules, ScoringOptions options, TrainingProgressBoard board,
    TimeProvider clock, ILogger<ModelRetrainer> logger)
{
    public const string RetrainJob = "model-retrain";
    public const string CheckJob = "model-auc-check";
    public const string NoHistoryMessage = "No history for this practice (its folder under Scoring:HistoryRoot): nothing done.";

    /// <summary>Share of the progress bar spent reading the history before the trainer's own steps.</summary>
    private const double ReadShare = 0.3;

    /// <summary>Trains and registers a version; returns it, or null when nothing was trained (no history source, or failure: see the run).</summary>
    public async Task<ModelVersionInfo?> RetrainAsync(string tenant, string trigger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var run = await StartRunAsync(db, tenant, RetrainJob, ct);
        if (options.HistoryFor(tenant) is not { } history)
        {
            await EndRunAsync(db, run, JobRunOutcome.Succeeded, NoHistoryMessage);
            return null;
        }

        board.Start(tenant, trigger);
        var progress = board.Reporter(tenant);
        var work = Directory.CreateTempSubdirectory("fhirapp-train-");
        long? versionId = null;
        var outcome = "Failed";
        try
        {
            versionId = await registry.BeginAsync(tenant, trigger, ct);
            progress.Report(new TrainingStep(0.02, "Reading the adjudicated history"));
            var (claims, report) = ScoringBatch.Read([history], rules, null);
            run.Resources = report.Claims;
            ct.ThrowIfCancellationRequested();
            var scaled = new Scaled(progress, ReadShare);
            DenialRiskTrainer.Train(claims, work.FullName, progress: scaled, overrides: await overrides.ForTrainingAsync(tenant, ct));
            progress.Report(new TrainingStep(0.98, "Registering the version"));
            var version = await registry.CompleteAsync(versionId.Value, work.FullName, ct);
            run.Stored = 1;
            outcome = Describe(version);
            await EndRunAsync(db, run, JobRunOutcome.Succeeded, outcome);
            logger.LogInformation("Model retraining of {Tenant}: version {Number} from {Claims} claims", tenant, version.Number, report.Labelled);
            return version;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "Cancelled";
            await FailVersionAsync(versionId, "Cancelled (the app stopped during training).");
            await EndRunAsync(db, run, JobRunOutcome.Cancelled, "Cancelled.");
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Type and message only: training errors name files and settings, not claim content.
            var message = $"{ex.GetType().Name}: {ex.Message}";
            outcome = "Failed: " + message;
            await FailVersionAsync(versionId, message);
            await EndRunAsync(db, run, JobRunOutcome.Failed, message);
            logger.LogWarning("Model retraining of {Tenant} failed: {Error}", tenant, ex.GetType().Name);
            return null;
        }
        finally
        {
            board.Finish(tenant, outcome);
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Scores the claims adjudicated in the last <see cref="ScoringOptions.AucWindowDays"/> days (as of the clock) with
    /// the live model, from the history source (claims and their labels), and retrains when the AUC, overall or for any payer
    /// judged on its own, is under the floor.
    /// With no live version it trains the first one. A week with too few claims, or without both outcomes, is not judged.
    /// </summary>
    /// <remarks>
    /// The live model may have been trained on some of these claims (a retrain after they were adjudicated), which flatters
    /// its AUC: a reading under the floor is a real signal, a reading over it is an upper bound.
    /// </remarks>
    public async Task<AucCheckResult> CheckAsync(string tenant, CancellationToken ct)
    {
        AucCheckResult result;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var run = await StartRunAsync(db, tenant, CheckJob, ct);
            try
            {
                result = await MeasureAsync(tenant, ct);
                run.Resources = result.Claims;
                await EndRunAsync(db, run, JobRunOutcome.Succeeded, result.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                await EndRunAsync(db, run, JobRunOutcome.Failed, $"{ex.GetType().Name}: {ex.Message}");
                logger.LogWarning("Model AUC check of {Tenant} failed: {Error}", tenant, ex.GetType().Name);
                return new AucCheckResult(null, 0, 0, false, ex.GetType().Name);
            }
        }

        if (result.Retrained)
        {
            var c = CultureInfo.InvariantCulture;
            var payer = result.Payers.Where(p => p.Auc < options.AucFloor).MinBy(p => p.Auc);
            await RetrainAsync(tenant, result.Auc is not { } auc ? "no live model yet"
                : auc < options.AucFloor ? string.Create(c, $"weekly AUC {auc:0.000} below the floor {options.AucFloor:0.00}")
                : string.Create(c, $"weekly AUC {payer!.Auc:0.000} for {payer.PayerName} below the floor {options.AucFloor:0.00}"), ct);
        }

        return result;
    }

    private async Task<AucCheckResult> MeasureAsync(string tenant, CancellationToken ct)
    {
        var c = CultureInfo.InvariantCulture;
        if (options.HistoryFor(tenant) is not { } history)
        {
            return new AucCheckResult(null, 0, 0, false, NoHistoryMessage);
        }

        var live = await registry.LoadLiveAsync(tenant, ct);
        if (live.VersionId is null)
        {
            return new AucCheckResult(null, 0, 0, true, "No live model in the registry: training the first one.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - options.AucWindowDays);
        var (claims, _) = ScoringBatch.Read([history], rules, null);
        var recent = claims.Where(x => x.Label?.AdjudicatedOn is { } on && on >= from && on <= today).ToList();
        var denials = recent.Count(x => x.Label!.Denied);
        var window = string.Create(c, $"{recent.Count} claims adjudicated {from:yyyy-MM-dd} to {today:yyyy-MM-dd} ({denials} denied)");
        if (recent.Count < options.MinCheckClaims || denials == 0 || denials == recent.Count)
        {
            return new AucCheckResult(null, recent.Count, denials, false,
                string.Create(c, $"Not judged: {window}; the check needs {options.MinCheckClaims} claims with both outcomes."));
        }

        var scored = live.Model.Score(recent).Select((s, i) => (Claim: recent[i], s.Probability)).ToList();
        var auc = ModelMetrics.Auc(scored.Select(x => (x.Probability, x.Claim.Label!.Denied)).ToList());
        // Each payer with enough claims of both outcomes is judged too: a model that fails one payer fails that practice's
        // billers for it, however well it ranks the rest.
        var payers = scored.GroupBy(x => x.Claim.PayerId)
            .Select(g => (Claims: g.ToList(), Denials: g.Count(x => x.Claim.Label!.Denied)))
            .Where(g => g.Claims.Count >= options.MinCheckClaims && g.Denials > 0 && g.Denials < g.Claims.Count)
            .Select(g => new PayerAuc(g.Claims[0].Claim.PayerId, g.Claims[0].Claim.PayerName,
                ModelMetrics.Auc(g.Claims.Select(x => (x.Probability, x.Claim.Label!.Denied)).ToList()), g.Claims.Count, g.Denials))
            .OrderBy(p => p.PayerName, StringComparer.Ordinal)
            .ToList();
        var failing = payers.Where(p => p.Auc < options.AucFloor).ToList();
        var below = auc < options.AucFloor || failing.Count > 0;
        var perPayer = payers.Count == 0 ? "" : "; per payer " + string.Join(", ", payers.Select(p => string.Create(c, $"{p.PayerName} {p.Auc:0.000} ({p.Claims})")));
        var why = !below ? "" : auc < options.AucFloor ? ": retraining" : $": retraining for {string.Join(", ", failing.Select(p => p.PayerName))}";
        var message = string.Create(c, $"Version {live.Number}: AUC {auc:0.000} on {window}{perPayer}; floor {options.AucFloor:0.00}{why}.");
        return new AucCheckResult(auc, recent.Count, denials, below, message) { Payers = payers };
    }

    private async Task<JobRun> StartRunAsync(AppDbContext db, string tenant, string job, CancellationToken ct)
    {
        var run = new JobRun { Tenant = tenant, Job = job, StartedAt = clock.GetUtcNow() };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    private async Task EndRunAsync(AppDbContext db, JobRun run, JobRunOutcome outcome, string message)
    {
        run.Outcome = outcome;
        run.Message = message.Length <= 2000 ? message : message[..2000];
        run.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task FailVersionAsync(long? versionId, string error)
    {
        if (versionId is { } id)
        {
            await registry.FailAsync(id, error, CancellationToken.None);
        }
    }

    private static string Describe(ModelVersionInfo v)
    {
        var c = CultureInfo.InvariantCulture;
        var state = v.IsLive ? "live (the practice's first trained model)" : "ready, not live: promote it on the model page";
        var auc = v.Metrics is { } m ? string.Create(c, $"; holdout AUC {m.Auc:0.000}") : v.ColdStart ? "; cold start (too little history)" : "";
        return string.Create(c, $"Version {v.Number} ({v.ModelId}) from {v.HistoryClaims} claims: {state}{auc}.");
    }

    /// <summary>The trainer's 0–1 mapped onto what is left of the bar after reading.</summary>
    private sealed class Scaled(IProgress<TrainingStep> inner, double offset) : IProgress<TrainingStep>
    {
        public void Report(TrainingStep value) => inner.Report(value with { Fraction = offset + ((1 - offset) * value.Fraction * 0.95) });
    }
}
