using FhirApp.Core.Eligibility.X12;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace FhirApp.Core.Eligibility;

public static class EligibilityServiceCollectionExtensions
{
    /// <summary>
    /// The eligibility service and its FHIR client (retries on 5xx / 408 / 429 / timeouts, a time limit per attempt).
    /// Each practice's clearinghouse client is added with <see cref="AddClearinghouse"/>. Needs AddAppData and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddEligibility(this IServiceCollection services)
    {
        services.AddSingleton<EligibilityService>();
        services.AddHttpClient(EligibilityService.FhirClientName).RemoveAllLoggers().AddResilienceHandler(EligibilityService.FhirClientName, p => Resilience(p, 15));
        return services;
    }

    /// <summary>
    /// One practice's clearinghouse: a source-generated Refit client keyed by <paramref name="key"/> (the registration
    /// id), with its base address, API key (X-Api-Key) and resilience: up to 2 retries with backoff on 5xx / 408 / 429 /
    /// timeouts, each attempt limited to the practice's timeoutSeconds. A 270 is a question, so asking again is safe.
    /// </summary>
    public static IServiceCollection AddClearinghouse(this IServiceCollection services, string key, ClearinghouseSettings settings, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddKeyedRefitGeneratedClient<IClearinghouseEligibilityApi>(key, ClearinghouseJsonContext.Default)
            .ConfigureHttpClient(c =>
            {
                c.BaseAddress = new Uri(settings.BaseUrl.TrimEnd('/'));
                c.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler times each attempt and the whole call
                if (!string.IsNullOrEmpty(apiKey))
                {
                    c.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
                }
            })
            .RemoveAllLoggers()
            .AddResilienceHandler($"clearinghouse-{key}", p => Resilience(p, settings.TimeoutSeconds));
        return services;
    }

    private static void Resilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, int attemptSeconds)
    {
        pipeline.AddTimeout(TimeSpan.FromSeconds(attemptSeconds * 3 + 5));
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            ShouldRetryAfterHeader = true,
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(attemptSeconds));
    }
}
