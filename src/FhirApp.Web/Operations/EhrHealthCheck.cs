using FhirApp.Web.Smart;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirApp.Web.Operations;

/// <summary>
/// One EHR registration is reachable: its `.well-known/smart-configuration` answers 2xx within a few seconds. The
/// answer is cached briefly so a probe every few seconds does not become load on the EHR.
/// </summary>
public sealed class EhrHealthCheck(SmartRegistration registration, IHttpClientFactory http, IMemoryCache cache, ILogger<EhrHealthCheck> logger) : IHealthCheck
{
    public const string HttpClientName = "ehr-health";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var key = "ehr-health:" + registration.Id;
        if (cache.TryGetValue(key, out bool reachable))
        {
            return Result(reachable, context);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(
                registration.FhirBaseUrl.TrimEnd('/') + "/.well-known/smart-configuration", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            reachable = response.IsSuccessStatusCode;
            if (!reachable)
            {
                logger.LogWarning("EHR {Registration} discovery answered {Status}", registration.Id, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("EHR {Registration} unreachable: {Error}", registration.Id, ex.GetType().Name);
            reachable = false;
        }
        cache.Set(key, reachable, CacheFor);
        return Result(reachable, context);
    }

    private static HealthCheckResult Result(bool reachable, HealthCheckContext context) =>
        reachable ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus, "unreachable");
}
