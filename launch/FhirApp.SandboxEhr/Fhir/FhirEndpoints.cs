using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;

namespace FhirApp.SandboxEhr.Fhir;

internal static partial class FhirEndpoints
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    public static bool IsTypeName(string value) => TypePattern().IsMatch(value);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", (HttpContext http, CapabilityStatementBuilder builder, SandboxUrls urls) =>
            Write(http, new FhirResponse(200, builder.Build(urls.Base(http.Request)))));
        app.MapGet("/fhir/.well-known/smart-configuration", SmartConfigurationEndpoint.Handle);

        app.MapGet("/fhir/{type}", async (HttpContext http, string type, FhirSearchEngine search, SandboxUrls urls) =>
        {
            if (!IsTypeName(type))
            {
                return Write(http, UnknownPath(type));
            }

            var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
            if (access is null)
            {
                return Write(http, failure!);
            }

            var query = http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
            var strict = http.Request.Headers["Prefer"].Any(p => p?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
            return Write(http, search.Search(type, query, access, urls.FhirBase(http.Request), urls.NextLinkFhirBase(http.Request), strict));
        });

        app.MapGet("/fhir/{type}/{id}", async (HttpContext http, string type, string id, FhirService fhir) =>
        {
            if (!IsTypeName(type))
            {
                return Write(http, UnknownPath(type));
            }

            var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
            return Write(http, access is null ? failure! : fhir.Read(type, id, access));
        });

        app.MapPost("/fhir", async (HttpContext http, FhirService fhir, SandboxUrls urls) =>
        {
            var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
            if (access is null)
            {
                return Write(http, failure!);
            }

            var (body, error) = await ReadBodyAsync(http);
            return Write(http, error ?? fhir.Batch(body, access, urls.FhirBase(http.Request), urls.NextLinkFhirBase(http.Request)));
        });

        app.MapPost("/fhir/{type}", (HttpContext http, string type, FhirService fhir, SandboxUrls urls) => WriteAsync(http, type, null, fhir, urls));
        app.MapPut("/fhir/{type}/{id}", (HttpContext http, string type, string id, FhirService fhir, SandboxUrls urls) => WriteAsync(http, type, id, fhir, urls));
    }

    private static async Task<IResult> WriteAsync(HttpContext http, string type, string? id, FhirService fhir, SandboxUrls urls)
    {
        if (!IsTypeName(type))
        {
            return Write(http, UnknownPath(type));
        }

        var (access, failure) = await FhirAuthenticator.AuthenticateAsync(http);
        if (access is null)
        {
            return Write(http, failure!);
        }

        var (body, error) = await ReadBodyAsync(http);
        var ifNoneExist = id is null ? http.Request.Headers["If-None-Exist"].FirstOrDefault() : null;
        var response = error ?? fhir.Write(type, id, body, access, urls.FhirBase(http.Request), ifNoneExist);
        var minimal = http.Request.Headers["Prefer"].Any(p => p?.Contains("return=minimal", StringComparison.OrdinalIgnoreCase) == true);
        return Write(http, minimal && response.Status < 300 ? response with { Minimal = true } : response);
    }

    private static async Task<(JsonNode? Body, FhirResponse? Error)> ReadBodyAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/fhir+json", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FhirResponse.Error(415, "not-supported", "Send application/fhir+json."));
        }

        try
        {
            return (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (null, FhirResponse.Error(400, "invalid", $"The body is not valid JSON: {ex.Message}"));
        }
    }

    internal static IResult Write(HttpContext http, FhirResponse response)
    {
        if (response.Resource is { } resource)
        {
            http.Response.Headers.ETag = $"W/\"{resource.VersionId}\"";
            if (resource.LastUpdated is { } lastUpdated)
            {
                http.Response.Headers.LastModified = lastUpdated.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        if (response.Location is not null)
        {
            http.Response.Headers.Location = response.Location;
        }

        return Results.Text(response.BodyText, ContentType, statusCode: response.Status);
    }

    private static FhirResponse UnknownPath(string type) => FhirResponse.Error(404, "not-found", $"'{type}' is not a resource type.");

    [GeneratedRegex("^[A-Z][A-Za-z]{1,63}$")]
    private static partial Regex TypePattern();
}
