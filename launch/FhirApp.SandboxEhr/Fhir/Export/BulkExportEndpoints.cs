using System.Globalization;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Fhir.Export;

/// <summary>
/// FHIR Bulk Data Access (v2) export: kick-off at Group/[id]/$export and Patient/$export (GET, Prefer: respond-async,
/// Accept: application/fhir+json, _type, _since, _outputFormat; _typeFilter accepted and ignored, as the IG allows),
/// the status URL (202 + Retry-After + X-Progress, 200 + manifest, DELETE), and the NDJSON files (bearer token of the
/// same client, expiring). Only system/ scopes may export, and only the types they cover.
/// </summary>
internal static class BulkExportEndpoints
{
    private static readonly string[] KnownParameters = ["_outputFormat", "_since", "_type", "_typeFilter"];
    private static readonly string[] NdjsonFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/Patient/$export", (HttpContext http, ExportJobStore jobs, FhirResourceStore store, SandboxUrls urls, IOptions<SandboxOptions> options) =>
            KickOffAsync(http, jobs, store, urls, options.Value, patients: null));
        app.MapGet("/fhir/Group/{id}/$export", (HttpContext http, string id, ExportJobStore jobs, FhirResourceStore store, SandboxUrls urls, IOptions<SandboxOptions> options) =>
        {
            if (!options.Value.Export.Groups.TryGetValue(id, out var members))
            {
                return Task.FromResult(FhirEndpoints.Write(http, FhirResponse.Error(404, "not-found", $"Group/{id} is not known.")));
            }

            IReadOnlySet<string> patients = members.Count == 0
                ? store.OfType("Patient").Select(p => p.Id).ToHashSet(StringComparer.Ordinal)
                : members.ToHashSet(StringComparer.Ordinal);
            return KickOffAsync(http, jobs, store, urls, options.Value, patients);
        });
        app.MapGet("/fhir/$export-status/{job}", StatusAsync);
        app.MapDelete("/fhir/$export-status/{job}", async (HttpContext http, string job, ExportJobStore jobs) =>
        {
            var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
            if (access is null)
            {
                return FhirEndpoints.Write(http, failure!);
            }

            return jobs.Delete(job, access.ClientId)
                ? Results.StatusCode(202)
                : FhirEndpoints.Write(http, FhirResponse.Error(404, "not-found", "No such export job."));
        });
        app.MapGet("/fhir/$export-file/{job}/{name}", FileAsync);
    }

    private static async Task<IResult> KickOffAsync(
        HttpContext http, ExportJobStore jobs, FhirResourceStore store, SandboxUrls urls, SandboxOptions options, IReadOnlySet<string>? patients)
    {
        var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
        if (access is null)
        {
            return FhirEndpoints.Write(http, failure!);
        }

        if (!http.Request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true))
        {
            return Problem(http, 400, "invalid", "A Bulk Data kick-off needs the header Prefer: respond-async.");
        }

        if (!http.Request.Headers.Accept.Any(a => a?.Contains("application/fhir+json", StringComparison.OrdinalIgnoreCase) == true))
        {
            return Problem(http, 400, "invalid", "A Bulk Data kick-off needs the header Accept: application/fhir+json.");
        }

        var query = http.Request.Query;
        if (query.Keys.FirstOrDefault(k => !KnownParameters.Contains(k)) is { } unknown)
        {
            return Problem(http, 400, "not-supported", $"The export parameter '{unknown}' is not supported.");
        }

        if (query["_outputFormat"].FirstOrDefault() is { } format && !NdjsonFormats.Contains(format))
        {
            return Problem(http, 400, "not-supported", $"_outputFormat '{format}' is not supported; use application/fhir+ndjson.");
        }

        DateTimeOffset? since = null;
        if (query["_since"].FirstOrDefault() is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) || !sinceText.Contains('T', StringComparison.Ordinal))
            {
                return Problem(http, 400, "invalid", $"_since '{sinceText}' is not a FHIR instant.");
            }
            since = parsed;
        }

        var exportable = store.Types.Where(t => SystemMayRead(access, t)).ToList();
        List<string> types;
        if (query["_type"].Count > 0)
        {
            types = [.. query["_type"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
            if (types.FirstOrDefault(t => !FhirResourceTypes.R4.Contains(t)) is { } bad)
            {
                return Problem(http, 400, "invalid", $"_type names '{bad}', which is not a resource type.");
            }
            if (types.FirstOrDefault(t => !SystemMayRead(access, t)) is { } denied)
            {
                return Problem(http, 403, "forbidden", $"The access token has no system/ scope that allows reading {denied}.");
            }
        }
        else
        {
            types = exportable;
        }

        if (types.Count == 0)
        {
            return Problem(http, 403, "forbidden", "Bulk Data export needs system/ scopes for the types to export.");
        }

        var request = $"{urls.Base(http.Request)}{http.Request.Path}{http.Request.QueryString}";
        var job = jobs.Start(access.ClientId ?? "", request, types, since, patients);
        if (job is null)
        {
            http.Response.Headers.RetryAfter = options.Export.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problem(http, 429, "throttled", $"This client already has {options.Export.MaxActiveJobsPerClient} exports running; try again later.");
        }

        http.Response.Headers.ContentLocation = $"{urls.FhirBase(http.Request)}/$export-status/{job.Id}";
        return Results.StatusCode(202);
    }

    private static async Task<IResult> StatusAsync(HttpContext http, string job, ExportJobStore jobs, SandboxUrls urls, IOptions<SandboxOptions> options)
    {
        var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
        if (access is null)
        {
            return FhirEndpoints.Write(http, failure!);
        }

        var found = jobs.Find(job, access.ClientId, poll: true);
        if (found is null)
        {
            return Problem(http, 404, "not-found", "No such export job (deleted, or never started).");
        }

        if (!found.Done)
        {
            http.Response.Headers.RetryAfter = options.Value.Export.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Progress"] = found.FilesWritten
                ? "Files written; finishing"
                : string.Create(CultureInfo.InvariantCulture, $"Writing files: {found.Written} of {found.Total} resources");
            return Results.StatusCode(202);
        }

        if (found.Failure is { } message)
        {
            return Problem(http, 500, "exception", message);
        }

        http.Response.Headers.Expires = found.FilesExpireAt?.ToString("R", CultureInfo.InvariantCulture);
        return Results.Json(jobs.Manifest(found, urls.FhirBase(http.Request)), contentType: "application/json", statusCode: 200);
    }

    private static async Task<IResult> FileAsync(HttpContext http, string job, string name, ExportJobStore jobs)
    {
        var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
        if (access is null)
        {
            return FhirEndpoints.Write(http, failure!);
        }

        var found = jobs.Find(job, access.ClientId);
        var file = found?.Output.Concat(found.Errors).FirstOrDefault(f => f.Name == name);
        if (found is null || file is null)
        {
            return Problem(http, 404, "not-found", "No such export file.");
        }

        if (jobs.Expired(found))
        {
            return Problem(http, 410, "expired", "This export file URL has expired; start a new export.");
        }

        return Results.File(file.Path, "application/fhir+ndjson");
    }

    private static bool SystemMayRead(FhirAccess access, string type) =>
        access.Scopes.Any(s => s.Context == "system" && s.Permits(type, ScopePermissions.Read));

    private static IResult Problem(HttpContext http, int status, string code, string message) =>
        FhirEndpoints.Write(http, FhirResponse.Error(status, code, message));
}
