using FhirApp.Core.Audit;
using System.Data.Common;
using System.IO.Compression;
using System.Text.Json;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Scoring.Registry;

/// <summary>
/// The practices' model versions in the app database. A version is registered from a model folder (its files stored as
/// a zip, so every app instance loads the same bytes) and is Ready, not live: going live is an explicit promotion,
/// except for a practice's first trained (non-cold-start) model, which goes live by itself because there is nothing to
/// compare it with. Exactly one version per practice is live (a unique filtered index backs that up).
/// </summary>
public sealed class ModelRegistry(IDbContextFactory<AppDbContext> dbs, RuleBook rules, ScoringOptions options, TimeProvider clock, ILogger<ModelRegistry> logger)
{
    /// <summary>Who promoted a practice's first model.</summary>
    public const string AutomaticPromoter = "FhirApp (first trained model)";

    /// <summary>Model files kept out of the stored zip: holdout.csv lists claim ids, and its figures are in the metrics already.</summary>
    private static readonly string[] StoredFiles = ["model.json", "denial.zip", "reason.zip"];

    /// <summary>Registers a model folder written by the trainer (or `fhirapp train`) as the practice's next version.</summary>
    public async Task<ModelVersionInfo> RegisterAsync(string tenant, string folder, string trigger, CancellationToken ct)
    {
        var id = await BeginAsync(tenant, trigger, ct);
        try
        {
            return await CompleteAsync(id, folder, ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or JsonException)
        {
            await FailAsync(id, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Explicitly makes a Ready version the live one; the previously live version stays in the history.</summary>
    public async Task PromoteAsync(string tenant, int number, AuditActor user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var target = await db.ModelVersions.Where(v => v.Tenant == tenant && v.Number == number).Select(v => new { v.Id, v.Status }).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Version {number} does not exist for this practice.");
        if (target.Status != ModelVersionStatus.Ready)
        {
            throw new InvalidOperationException($"Version {number} is {target.Status.ToString().ToLowerInvariant()}: only a ready version can go live.");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Clear first: the unique filtered index allows one live row per practice at any moment.
        await db.ModelVersions.Where(v => v.Tenant == tenant && v.IsLive && v.Id != target.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsLive, false), ct);
        await db.ModelVersions.Where(v => v.Id == target.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsLive, true).SetProperty(v => v.PromotedBy, user.User).SetProperty(v => v.PromotedAt, now), ct);
        AuditTrail.Stage(db, tenant, user, new AuditRecord(AuditAction.Update, $"ModelVersion/{number}", "model-promote"), clock);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Model version {Number} of {Tenant} is live", number, tenant);
    }

    /// <summary>All versions of a practice, newest first, without their files.</summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await WithoutFiles(db.ModelVersions.AsNoTracking().Where(v => v.Tenant == tenant)).OrderByDescending(v => v.Number).ToListAsync(ct);
        return rows.Select(ToInfo).ToList();
    }

    /// <summary>The id of the live version, or null: one indexed query, cheap enough to ask on every claims load.</summary>
    public async Task<long?> LiveIdAsync(string tenant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ModelVersions.Where(v => v.Tenant == tenant && v.IsLive).Select(v => (long?)v.Id).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The live version loaded for scoring; without one (or when its files cannot be loaded) the folder named by
    /// Scoring:ModelDirectory, and without that a cold-start model that says why on screen.
    /// </summary>
    public async Task<LiveModel> LoadLiveAsync(string tenant, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var live = await db.ModelVersions.AsNoTracking().Where(v => v.Tenant == tenant && v.IsLive)
            .Select(v => new { v.Id, v.Number, v.Files }).SingleOrDefaultAsync(ct);
        if (live?.Files is { } files)
        {
            try
            {
                return new LiveModel(live.Id, live.Number, LoadFiles(files));
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or FormatException)
            {
                // A version this FhirApp cannot read (older features, damaged zip) must not take the claims screens down.
                logger.LogWarning("Live model version {Number} of {Tenant} not loaded: {Error}", live.Number, tenant, ex.Message);
            }
        }

        return new LiveModel(null, null, Fallback());
    }

    /// <summary>The model without a live registry version: Scoring:ModelDirectory, else cold start.</summary>
    public DenialRiskModel Fallback()
    {
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            return DenialRiskModel.ColdStart(rules, "no model has been trained on this practice's history yet.");
        }

        try
        {
            return DenialRiskModel.Load(options.ModelDirectory, rules);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning("Denial-risk model not loaded: {Error}", ex.Message);
            return DenialRiskModel.ColdStart(rules, "the configured model could not be loaded (see the server log); retrain it with fhirapp train.");
        }
    }

    /// <summary>A new version in status Training, numbered after the practice's last one.</summary>
    internal async Task<long> BeginAsync(string tenant, string trigger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = (await db.ModelVersions.Where(v => v.Tenant == tenant).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var row = new ModelVersion { Tenant = tenant, Number = number, Trigger = Truncate(trigger, 200), CreatedAt = clock.GetUtcNow() };
        db.ModelVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    /// <summary>Stores the trained folder in the version and makes it Ready (and live when it is the practice's first trained model).</summary>
    internal async Task<ModelVersionInfo> CompleteAsync(long id, string folder, CancellationToken ct)
    {
        var card = JsonSerializer.Deserialize<ModelCard>(await File.ReadAllBytesAsync(Path.Combine(folder, "model.json"), ct), ModelCardJson.Options)
            ?? throw new InvalidOperationException("model.json is empty.");
        var files = Zip(folder);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.ModelVersions.SingleAsync(v => v.Id == id, ct);
        row.ModelId = card.Version;
        row.Trainer = card.Trainer;
        row.ColdStart = card.ColdStart;
        row.HistoryFrom = card.HistoryFrom;
        row.HistoryTo = card.HistoryTo;
        row.HistoryClaims = card.HistoryClaims;
        row.HistoryDenials = card.HistoryDenials;
        row.Features = string.Join(',', card.Features);
        row.MetricsJson = card.Holdout is null ? null : JsonSerializer.Serialize(card.Holdout, ModelCardJson.Options);
        row.OverridesJson = card.Overrides is null ? null : JsonSerializer.Serialize(card.Overrides, ModelCardJson.Options);
        row.Files = files;
        row.Status = ModelVersionStatus.Ready;
        row.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        if (!card.ColdStart)
        {
            await PromoteIfNoneLiveAsync(db, row, ct);
        }

        return ToInfo(row);
    }

    internal async Task FailAsync(long id, string error, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.ModelVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, ModelVersionStatus.Failed)
            .SetProperty(v => v.Error, Truncate(error, 2000))
            .SetProperty(v => v.CompletedAt, clock.GetUtcNow()), ct);
    }

    private async Task PromoteIfNoneLiveAsync(AppDbContext db, ModelVersion row, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            // One statement: another instance promoting at the same moment makes this match nothing, or the unique index refuse it.
            var promoted = await db.ModelVersions
                .Where(v => v.Id == row.Id && !db.ModelVersions.Any(o => o.Tenant == row.Tenant && o.IsLive))
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsLive, true).SetProperty(v => v.PromotedBy, AutomaticPromoter).SetProperty(v => v.PromotedAt, now), ct);
            if (promoted == 1)
            {
                (row.IsLive, row.PromotedBy, row.PromotedAt) = (true, AutomaticPromoter, now);
                await using var trail = await dbs.CreateDbContextAsync(ct);
                AuditTrail.Stage(trail, row.Tenant, AuditActor.System("first-model-auto-promote"), new AuditRecord(AuditAction.Update, $"ModelVersion/{row.Number}", "model-promote"), clock);
                await trail.SaveChangesAsync(ct);
            }
        }
        catch (DbException ex)
        {
            logger.LogInformation("Version {Number} of {Tenant} stays ready: another version went live first ({Error})", row.Number, row.Tenant, ex.GetType().Name);
        }
    }

    private static IQueryable<ModelVersion> WithoutFiles(IQueryable<ModelVersion> query) => query.Select(v => new ModelVersion
    {
        Id = v.Id,
        Tenant = v.Tenant,
        Number = v.Number,
        ModelId = v.ModelId,
        Status = v.Status,
        Error = v.Error,
        Trigger = v.Trigger,
        CreatedAt = v.CreatedAt,
        CompletedAt = v.CompletedAt,
        Trainer = v.Trainer,
        ColdStart = v.ColdStart,
        HistoryFrom = v.HistoryFrom,
        HistoryTo = v.HistoryTo,
        HistoryClaims = v.HistoryClaims,
        HistoryDenials = v.HistoryDenials,
        Features = v.Features,
        MetricsJson = v.MetricsJson,
        OverridesJson = v.OverridesJson,
        IsLive = v.IsLive,
        PromotedBy = v.PromotedBy,
        PromotedAt = v.PromotedAt,
    });

    private static ModelVersionInfo ToInfo(ModelVersion v) => new()
    {
        Id = v.Id,
        Number = v.Number,
        ModelId = v.ModelId,
        Status = v.Status,
        Error = v.Error,
        Trigger = v.Trigger,
        CreatedAt = v.CreatedAt,
        CompletedAt = v.CompletedAt,
        Trainer = v.Trainer,
        ColdStart = v.ColdStart,
        HistoryFrom = v.HistoryFrom,
        HistoryTo = v.HistoryTo,
        HistoryClaims = v.HistoryClaims,
        HistoryDenials = v.HistoryDenials,
        Features = v.Features.Length == 0 ? [] : v.Features.Split(','),
        Metrics = v.MetricsJson is null ? null : JsonSerializer.Deserialize<HoldoutMetrics>(v.MetricsJson, ModelCardJson.Options),
        Overrides = v.OverridesJson is null ? null : JsonSerializer.Deserialize<ScoreOverrideFeedback>(v.OverridesJson, ModelCardJson.Options),
        IsLive = v.IsLive,
        PromotedBy = v.PromotedBy,
        PromotedAt = v.PromotedAt,
    };

    private static byte[] Zip(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in StoredFiles.Where(f => File.Exists(Path.Combine(folder, f))))
            {
                zip.CreateEntryFromFile(Path.Combine(folder, name), name, CompressionLevel.Fastest);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Unpacks a stored version into a scratch folder, loads it (ML.NET reads the files whole) and removes the folder.</summary>
    private DenialRiskModel LoadFiles(byte[] files)
    {
        var folder = Directory.CreateTempSubdirectory("fhirapp-model-");
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(files), ZipArchiveMode.Read))
            {
                zip.ExtractToDirectory(folder.FullName);
            }

            return DenialRiskModel.Load(folder.FullName, rules);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
