using System.Text.Json;
using FhirApp.Core.Data;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirApp.Web.Operations;

/// <summary>
/// /health/live (the process answers; no dependency is asked) and /health/ready (the database, each registered EHR,
/// the Quartz scheduler). Anonymous; the JSON names each check and its status, never a URL, an exception or data.
/// An unreachable EHR makes the app Degraded (HTTP 200), not unready: taking FhirApp out of rotation would not bring the
/// EHR back and would cut off the practices whose EHR is fine. The database or the scheduler failing is Unhealthy (503).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddFhirAppHealthChecks(this IServiceCollection services)
    {
        var registry = services.Select(d => d.ImplementationInstance).OfType<SmartRegistry>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddSmartLaunch must come before AddFhirAppHealthChecks.");
        // Discovery documents carry no patient data, but keep the client quiet like the others.
        services.AddHttpClient(EhrHealthCheck.HttpClientName).RemoveAllLoggers();
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", HealthStatus.Unhealthy, [ReadyTag]);
        foreach (var registration in registry.Registrations)
        {
            checks.Add(new HealthCheckRegistration(
                "ehr:" + registration.Id,
                sp => ActivatorUtilities.CreateInstance<EhrHealthCheck>(sp, registration),
                HealthStatus.Degraded,
                [ReadyTag, "ehr"],
                timeout: EhrHealthCheck.Timeout + TimeSpan.FromSeconds(1)));
        }
        return services;
    }

    public static void MapFhirAppHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    // Status and check names only: no descriptions (they could carry exception text), no data.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), durationMs = Math.Round(e.Value.Duration.TotalMilliseconds) }),
        }));
    }
}
