using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// Incremental intake of adjudications from one practice's FHIR server: per resource type,
/// <c>_lastUpdated=ge{checkpoint}&amp;_sort=_lastUpdated</c>, page by page through <c>link.next</c> (inside the FHIR base
/// only). Each page goes to the <see cref="IAdjudicationSink"/>; the checkpoint moves only after the sink has stored it,
/// so a crash repeats at most one page, and the sink's idempotence absorbs that. Unreadable resources become
/// <see cref="JobRunError"/>s and the rest of the page is stored; later runs read them again by id until they can be stored.
/// </summary>
/// <remarks>
/// <c>ge</c> rather than <c>gt</c>: resources sharing the checkpoint's millisecond may straddle a page boundary, and
/// <c>gt</c> would lose the rest of them after a restart. The checkpoint's seen (id, versionId) pairs filter out the ones
/// already stored. Retries of 429 / 5xx / timeouts belong to the HttpClient the caller passes (its resilience handler).
/// </remarks>
public sealed class AdjudicationPoller(IDbContextFactory<AppDbContext> dbs, IAdjudicationSink sink, TimeProvider clock, ILogger<AdjudicationPoller> logger)
{
    public const string JobName = "adjudication-poll";

    /// <summary>Errors re-read by id per run at most; the rest wait for later runs.</summary>
    private const int MaxErrorRetriesPerRun = 100;

    public Task<PollSummary> PollAsync(PollTarget target, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(http);
        return IntakeRun.ExecuteAsync(dbs, clock, logger, target.Tenant, "Adjudication poll", async (db, run) =>
        {
            await RetryErrorsAsync(db, run, target, http, ct);
            foreach (var type in target.ResourceTypes)
            {
                await PollTypeAsync(db, run, target, type, http, ct);
            }
        }, ct);
    }

    /// <summary>
    /// The same intake one patient at a time, for EHRs that refuse a search across patients: the practice's patients
    /// (a paged Patient search), then per patient and type the incremental search with <c>patient=</c>, each with its
    /// own checkpoint (source "{Source}/patient/{id}"). One job run for the whole pass.
    /// </summary>
    public Task<PollSummary> PollPerPatientAsync(PollTarget target, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(http);
        return IntakeRun.ExecuteAsync(dbs, clock, logger, target.Tenant, "Per-patient adjudication poll", async (db, run) =>
        {
            await RetryErrorsAsync(db, run, target, http, ct);
            var baseUrl = target.FhirBase.AbsoluteUri.TrimEnd('/');
            string? url = $"{baseUrl}/Patient?_elements=id&_count={target.PageSize.ToString(CultureInfo.InvariantCulture)}";
            while (url is not null)
            {
                var json = await GetAsync(http, url, "Patient search", target.MaxResponseBytes, ct) ?? "";
                var page = FhirResourceReader.ReadResponseBundle(json, "Patient page");
                foreach (var patient in page.Resources.OfType<Patient>().Where(p => !string.IsNullOrEmpty(p.Id)))
                {
                    foreach (var type in target.ResourceTypes)
                    {
                        await PollTypeAsync(db, run, target, type, http, ct, patient.Id);
                    }
                }
                url = NextLink(json, baseUrl);
            }
        }, ct);
    }

    private async Task PollTypeAsync(AppDbContext db, JobRun run, PollTarget target, string type, HttpClient http, CancellationToken ct, string? patientId = null)
    {
        var source = patientId is null ? target.Source : $"{target.Source}/patient/{patientId}";
        var checkpoint = await db.IntakeCheckpoints.SingleOrDefaultAsync(c => c.Tenant == target.Tenant && c.Source == source && c.ResourceType == type, ct);
        if (checkpoint is null)
        {
            checkpoint = new IntakeCheckpoint { Tenant = target.Tenant, Source = source, ResourceType = type, UpdatedAt = clock.GetUtcNow() };
            db.IntakeCheckpoints.Add(checkpoint);
        }

        var baseUrl = target.FhirBase.AbsoluteUri.TrimEnd('/');
        var since = checkpoint.LastUpdated is { } at ? $"_lastUpdated=ge{Uri.EscapeDataString(FormatInstant(at))}&" : "";
        var patient = patientId is null ? "" : $"patient={Uri.EscapeDataString("Patient/" + patientId)}&";
        var url = $"{baseUrl}/{type}?{patient}{since}_sort=_lastUpdated&_count={target.PageSize.ToString(CultureInfo.InvariantCulture)}";
        while (url is not null)
        {
            var json = await GetAsync(http, url, $"{type} search", target.MaxResponseBytes, ct) ?? "";
            var page = FhirResourceReader.ReadResponseBundle(json, $"{type} page");
            var next = NextLink(json, baseUrl);

            var seen = ParseSeen(checkpoint.SeenAtLastUpdated);
            var matches = page.Resources.Where(r => r.TypeName == type).ToList();
            var fresh = matches.Where(r => !(Millisecond(r) == checkpoint.LastUpdated && seen.Contains(Key(r)))).ToList();
            if (fresh.Count > 0)
            {
                var result = await sink.StoreAsync(target.Tenant, target.Source, fresh, ct);
                run.Stored += result.Stored;
            }

            foreach (var issue in page.Issues.Where(i => i.Skipped))
            {
                await RecordErrorAsync(db, run, target, issue.ResourceType ?? type, issue.ResourceId, issue.Message, ct);
            }

            Advance(checkpoint, fresh, seen);
            run.Pages++;
            run.Resources += matches.Count;
            await db.SaveChangesAsync(ct); // the checkpoint moves only now, after the sink has stored the page
            url = next;
        }
    }

    /// <summary>Moves the checkpoint to the newest stored millisecond and remembers what was stored at it.</summary>
    private void Advance(IntakeCheckpoint checkpoint, List<Resource> stored, HashSet<string> seen)
    {
        var changed = false;
        foreach (var resource in stored)
        {
            if (Millisecond(resource) is not { } at)
            {
                continue; // no meta.lastUpdated: stored, but it cannot move the checkpoint
            }
            if (checkpoint.LastUpdated is null || at > checkpoint.LastUpdated)
            {
                checkpoint.LastUpdated = at;
                seen.Clear();
            }
            if (at == checkpoint.LastUpdated)
            {
                changed |= seen.Add(Key(resource));
            }
        }
        if (changed)
        {
            checkpoint.SeenAtLastUpdated = string.Join('\n', seen.Order(StringComparer.Ordinal));
            checkpoint.UpdatedAt = clock.GetUtcNow();
            checkpoint.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        }
    }

    /// <summary>Reads earlier unreadable resources again by id; stores those that are readable now.</summary>
    private async Task RetryErrorsAsync(AppDbContext db, JobRun run, PollTarget target, HttpClient http, CancellationToken ct)
    {
        var open = await db.JobRunErrors
            .Where(e => e.Tenant == target.Tenant && e.Source == target.Source && e.ResolvedAt == null && e.ResourceId != null && e.ResourceType != null)
            .OrderBy(e => e.Id)
            .Take(MaxErrorRetriesPerRun)
            .ToListAsync(ct);
        var baseUrl = target.FhirBase.AbsoluteUri.TrimEnd('/');
        foreach (var error in open.Where(e => target.ResourceTypes.Contains(e.ResourceType!)))
        {
            var json = await GetAsync(http, $"{baseUrl}/{error.ResourceType}/{Uri.EscapeDataString(error.ResourceId!)}", $"{error.ResourceType} read", target.MaxResponseBytes, ct, allowGone: true);
            if (json is null)
            {
                error.ResolvedAt = clock.GetUtcNow(); // deleted at the source: nothing left to take in
                continue;
            }
            var read = FhirResourceReader.ReadResponseBundle(json, $"{error.ResourceType} read");
            if (read.Resources.FirstOrDefault(r => r.TypeName == error.ResourceType && r.Id == error.ResourceId) is { } resource)
            {
                run.Stored += (await sink.StoreAsync(target.Tenant, target.Source, [resource], ct)).Stored;
                run.Resources++;
                error.ResolvedAt = clock.GetUtcNow();
            }
            else
            {
                error.Attempts++;
                error.Error = IntakeRun.Truncate(read.Issues.FirstOrDefault(i => i.Skipped)?.Message ?? "still unreadable");
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task RecordErrorAsync(AppDbContext db, JobRun run, PollTarget target, string type, string? id, string message, CancellationToken ct)
    {
        run.Errors++;
        logger.LogWarning("Adjudication poll of {Tenant}: {Type}/{Id} could not be read: {Error}", target.Tenant, type, id, message);
        var existing = id is null ? null : await db.JobRunErrors.FirstOrDefaultAsync(
            e => e.Tenant == target.Tenant && e.Source == target.Source && e.ResolvedAt == null && e.ResourceType == type && e.ResourceId == id, ct);
        if (existing is not null)
        {
            existing.Attempts++;
            existing.Error = IntakeRun.Truncate(message);
            return;
        }
        db.JobRunErrors.Add(new JobRunError
        {
            JobRunId = run.Id,
            Tenant = target.Tenant,
            Source = target.Source,
            ResourceType = type,
            ResourceId = id,
            Error = IntakeRun.Truncate(message),
            OccurredAt = clock.GetUtcNow(),
        });
    }

    private static async Task<string?> GetAsync(HttpClient http, string url, string what, long maxBytes, CancellationToken ct, bool allowGone = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        // Headers first, then a bounded read of the body: the default would buffer any body the server sends, however large.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (allowGone && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new IntakeSourceException($"{what} answered {(int)response.StatusCode}.");
        }
        IntakeSourceException TooLarge() => new(string.Create(CultureInfo.InvariantCulture,
            $"{what} answered with more than {maxBytes:N0} bytes, the limit for one response; lower Jobs:PageSize."));
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge();
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length); // FHIR JSON is UTF-8
    }

    /// <summary>The Bundle's `next` link when it lies inside the FHIR base; a link elsewhere is not followed (it would carry the token away).</summary>
    private string? NextLink(string json, string baseUrl)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("link", out var links) || links.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            foreach (var link in links.EnumerateArray())
            {
                if (link.TryGetProperty("relation", out var rel) && rel.ValueKind == JsonValueKind.String && rel.GetString() == "next"
                    && link.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String)
                {
                    var next = u.GetString()!;
                    if (next.StartsWith(baseUrl + "/", StringComparison.OrdinalIgnoreCase) || next.StartsWith(baseUrl + "?", StringComparison.OrdinalIgnoreCase))
                    {
                        return next;
                    }
                    logger.LogWarning("A next link outside the FHIR base {Base} was not followed.", baseUrl);
                    return null;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null; // the reader has already reported the page as unreadable
        }
    }

    internal static string FormatInstant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset? Millisecond(Resource r) =>
        r.Meta?.LastUpdated is { } at ? new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) : null;

    internal static string Key(Resource r) => $"{r.Id}|{r.Meta?.VersionId}";

    private static HashSet<string> ParseSeen(string text) =>
        new(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
