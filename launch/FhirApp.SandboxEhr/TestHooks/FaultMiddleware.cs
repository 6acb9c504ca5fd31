using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Configuration;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>Applies the <see cref="FaultPlan"/> to FHIR data requests when test hooks are on.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultPlan plan, IOptions<SandboxOptions> options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        // "/fhir" itself: a batch or transaction (match it with PathPrefix "/fhir").
        if (!options.Value.TestHooks || (path != "/fhir" && !path.StartsWith("/fhir/", StringComparison.Ordinal))
            || path is "/fhir/metadata" || path.StartsWith("/fhir/.well-known", StringComparison.Ordinal))
        {
            await next(http);
            return;
        }

        var faults = plan.Take(path);
        if (faults.FirstOrDefault(f => f.Kind == "status") is { } status)
        {
            if (status.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            http.Response.StatusCode = status.Status;
            http.Response.ContentType = FhirEndpoints.ContentType;
            await http.Response.WriteAsync(OperationOutcomes.Create("transient", "Injected fault.").ToJsonString(), http.RequestAborted);
            return;
        }
        if (faults.FirstOrDefault(f => f.Kind == "delay") is { } delay)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay.DelayMilliseconds), time, http.RequestAborted);
        }

        var malformed = faults.Where(f => f.Kind == "malform" && f.ResourceId is not null).Select(f => f.ResourceId!).ToHashSet(StringComparer.Ordinal);
        if (malformed.Count == 0)
        {
            await next(http);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var body = Encoding.UTF8.GetString(buffer.ToArray());
        if (JsonNode.Parse(body) is JsonObject root)
        {
            Malform(root, malformed);
            foreach (var entry in (root["entry"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (entry["resource"] is JsonObject resource)
                {
                    Malform(resource, malformed);
                }
            }
            body = root.ToJsonString();
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, http.RequestAborted);
    }

    // An object where FHIR wants a code: no reader can bind it (Firely: JSON132), and it carries no data.
    private static void Malform(JsonObject resource, HashSet<string> ids)
    {
        if ((string?)resource["id"] is { } id && ids.Contains(id))
        {
            resource["status"] = new JsonObject { ["injected"] = true };
        }
    }
}
