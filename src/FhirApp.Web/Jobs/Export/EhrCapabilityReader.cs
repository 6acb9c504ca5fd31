using System.Collections.Concurrent;
using System.Text.Json;
using FhirApp.Core.Data;
using FhirApp.Web.Smart;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Web.Jobs.Export;

/// <summary>
/// Chooses each registration's <see cref="IntakeMode"/> from what its EHR says it offers: the CapabilityStatement
/// (/metadata: an <c>export</c> operation at system level, on Group or on Patient; Patient search and the
/// ExplanationOfBenefit <c>patient</c> search parameter) and <c>.well-known/smart-configuration</c> (client_credentials
/// for Backend Services). Read at the first poll and again once a day (by the injected clock); a pinned mode in the
/// registration wins. The choice is also written to the database, so the jobs page of every node shows it.
/// </summary>
public sealed class EhrCapabilityReader(
    IHttpClientFactory http, IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ILogger<EhrCapabilityReader> logger)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromDays(1);

    public const string CheckpointType = "$mode";

    private readonly ConcurrentDictionary<string, IntakeModeChoice> _choices = new(StringComparer.Ordinal);

    public static string SourceFor(string registrationId) => $"mode:{registrationId}";

    public async Task<IntakeModeChoice> ChooseAsync(SmartRegistration registration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var now = clock.GetUtcNow();
        if (_choices.TryGetValue(registration.Id, out var cached) && now - cached.CheckedAt < RefreshAfter)
        {
            return cached;
        }

        var pinned = IntakeModes.Parse(registration.BackendServices?.Mode);
        var choice = pinned is { } mode && mode != IntakeModes.Auto
            ? new IntakeModeChoice(mode, "Set in the practice's registration.", now)
            : await ReadAsync(registration, now, ct);
        _choices[registration.Id] = choice;
        await StoreAsync(registration, choice, ct);
        return choice;
    }

    /// <summary>The choice last stored for the registration (for the jobs page), or null before the first poll.</summary>
    public async Task<IntakeModeChoice?> StoredAsync(string tenant, string registrationId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.IntakeCheckpoints.AsNoTracking().SingleOrDefaultAsync(
            c => c.Tenant == tenant && c.Source == SourceFor(registrationId) && c.ResourceType == CheckpointType, ct);
        if (row is null)
        {
            return null;
        }
        var parts = row.SeenAtLastUpdated.Split('\n', 2);
        return IntakeModes.Parse(parts[0]) is { } mode && mode != IntakeModes.Auto
            ? new IntakeModeChoice(mode, parts.Length > 1 ? parts[1] : "", row.UpdatedAt)
            : null;
    }

    private async Task<IntakeModeChoice> ReadAsync(SmartRegistration registration, DateTimeOffset now, CancellationToken ct)
    {
        var client = http.CreateClient(JobsServiceCollectionExtensions.HttpClientName);
        var fhirBase = registration.FhirBaseUrl.TrimEnd('/');
        var groupId = registration.BackendServices?.ExportGroupId;
        try
        {
            using var metadata = await GetJsonAsync(client, $"{fhirBase}/metadata", ct);
            var backendServices = await OffersClientCredentialsAsync(client, $"{fhirBase}/.well-known/smart-configuration", ct);
            var rest = metadata?.RootElement.TryGetProperty("rest", out var r) == true && r.ValueKind == JsonValueKind.Array && r.GetArrayLength() > 0 ? r[0] : default;
            var systemExport = HasExport(rest);
            var groupExport = HasExport(Resource(rest, "Group"));
            var patientExport = HasExport(Resource(rest, "Patient"));
            if (backendServices != false && ((groupId is not null && (groupExport || systemExport)) || (groupId is null && (patientExport || systemExport))))
            {
                return new IntakeModeChoice(IntakeMode.BulkExport, groupId is null
                    ? "The EHR offers Bulk Data export for all its patients."
                    : "The EHR offers Bulk Data export for the practice's patient group.", now);
            }
            if (SearchesByPatient(rest))
            {
                return new IntakeModeChoice(IntakeMode.PatientSearch, "The EHR offers no Bulk Data export, but lets us search each patient's claims.", now);
            }
            return new IntakeModeChoice(IntakeMode.SystemSearch, "The EHR offers neither Bulk Data export nor a per-patient claims search.", now);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("The capabilities of {Registration} could not be read ({Error}); trying Bulk Data export", registration.Id, ex.GetType().Name);
            return new IntakeModeChoice(IntakeMode.BulkExport, "The EHR's capabilities could not be read; Bulk Data export is tried.", now);
        }
    }

    private async Task StoreAsync(SmartRegistration registration, IntakeModeChoice choice, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var source = SourceFor(registration.Id);
        var row = await db.IntakeCheckpoints.SingleOrDefaultAsync(c => c.Tenant == registration.JobsPractice && c.Source == source && c.ResourceType == CheckpointType, ct);
        if (row is null)
        {
            row = new IntakeCheckpoint { Tenant = registration.JobsPractice, Source = source, ResourceType = CheckpointType };
            db.IntakeCheckpoints.Add(row);
        }
        row.SeenAtLastUpdated = $"{IntakeModes.Key(choice.Mode)}\n{choice.Reason}";
        row.UpdatedAt = choice.CheckedAt;
        row.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node stored the same reading at the same moment: theirs is as good as ours.
        }
    }

    private static async Task<JsonDocument?> GetJsonAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(body, cancellationToken: ct);
    }

    /// <summary>true / false from smart-configuration's grant_types_supported; null when it is missing or silent.</summary>
    private static async Task<bool?> OffersClientCredentialsAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var doc = await GetJsonAsync(client, url, ct);
        return doc?.RootElement.TryGetProperty("grant_types_supported", out var grants) == true && grants.ValueKind == JsonValueKind.Array
            ? grants.EnumerateArray().Any(g => g.ValueKind == JsonValueKind.String && g.GetString() == "client_credentials")
            : null;
    }

    private static JsonElement Resource(JsonElement rest, string type) =>
        rest.ValueKind == JsonValueKind.Object && rest.TryGetProperty("resource", out var resources) && resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().FirstOrDefault(r => r.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type)
            : default;

    private static bool HasExport(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("operation", out var operations) && operations.ValueKind == JsonValueKind.Array
        && operations.EnumerateArray().Any(o => o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "export");

    private static bool SearchesByPatient(JsonElement rest)
    {
        var patient = Resource(rest, "Patient");
        var eob = Resource(rest, "ExplanationOfBenefit");
        return HasInteraction(patient, "search-type") && HasInteraction(eob, "search-type")
            && eob.TryGetProperty("searchParam", out var parameters) && parameters.ValueKind == JsonValueKind.Array
            && parameters.EnumerateArray().Any(p => p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "patient");
    }

    private static bool HasInteraction(JsonElement resource, string code) =>
        resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("interaction", out var interactions) && interactions.ValueKind == JsonValueKind.Array
        && interactions.EnumerateArray().Any(i => i.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() == code);
}
