using System.Globalization;
using System.Text;
using FhirApp.Core.Audit;
using FhirApp.Web.Access;
using FhirApp.Web.Smart;
using Hl7.Fhir.Serialization;

namespace FhirApp.Web.Audit;

/// <summary>The practice's audit trail as FHIR AuditEvents, for its owners only, scoped to the launch's practice.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        // ?from=&to= (ISO 8601, to exclusive); ?_format=ndjson for one AuditEvent per line, else a collection Bundle.
        app.MapGet("/l/{launchId}/audit/export", async (string launchId, string? from, string? to, string? _format, HttpContext http, LaunchStore launches,
            AuditTrail audit, TimeProvider clock, CancellationToken ct) =>
        {
            var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
            if (launch is not { Ended: false })
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            var actor = launch.Actor with { ClientAddress = http.Connection.RemoteIpAddress?.ToString() ?? launch.ClientAddress };
            if (!LaunchAccess.MaySee(launch, PracticeView.Audit))
            {
                await audit.RecordAsync(launch.Practice, actor, new AuditRecord(AuditAction.Read, "AuditEvent", "audit-export", Outcome: AuditOutcome.Denied), ct);
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            if (!TryParse(from, out var fromAt) || !TryParse(to, out var toAt))
            {
                return Results.BadRequest("from and to are ISO 8601 dates or date-times.");
            }

            var entries = await audit.ExportAsync(launch.Practice, fromAt, toAt, ct);
            await audit.RecordAsync(launch.Practice, actor, new AuditRecord(AuditAction.Read, "AuditEvent", "audit-export"), ct);
            var serializer = new FhirJsonSerializer();
            if (string.Equals(_format, "ndjson", StringComparison.OrdinalIgnoreCase))
            {
                var lines = new StringBuilder();
                foreach (var entry in entries)
                {
                    lines.Append(serializer.SerializeToString(AuditEventMapper.ToAuditEvent(entry))).Append('\n');
                }
                return Results.Text(lines.ToString(), "application/fhir+ndjson", Encoding.UTF8);
            }
            var bundle = AuditEventMapper.ToBundle(entries, clock.GetUtcNow());
            return Results.File(Encoding.UTF8.GetBytes(serializer.SerializeToString(bundle)), "application/fhir+json", "audit-events.json");
        });

    private static bool TryParse(string? value, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            at = parsed;
            return true;
        }
        return false;
    }
}
