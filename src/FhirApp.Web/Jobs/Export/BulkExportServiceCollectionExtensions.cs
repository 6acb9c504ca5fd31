using FhirApp.Core.Claims.Sources.Bulk;
using FhirApp.Core.Common;
using FhirApp.Core.Scoring;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace FhirApp.Web.Jobs.Export;

public static class BulkExportServiceCollectionExtensions
{
    /// <summary>
    /// FHIR Bulk Data for the jobs: per registration with a backendServices client, a source-generated Refit client
    /// (<see cref="IBulkDataApi"/>, keyed by the registration id) on the EHR's origin with the Backend Services token and
    /// retries with backoff on 429 / 5xx / timeouts that honour Retry-After (Microsoft.Extensions.Http.Resilience, which
    /// waits on the registered TimeProvider); the limits and folders of Jobs:Export; the capability reader that picks
    /// each practice's mode. Needs AddSmartLaunch before it.
    /// </summary>
    public static IServiceCollection AddBulkExport(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = services.Select(d => d.ImplementationInstance).OfType<SmartRegistry>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddSmartLaunch must come before AddBulkExport.");
        services.AddValidatedSection<BulkExportLimits>(configuration, "Jobs:Export");
        services.AddValidatedSection<ExportOptions>(configuration, "Jobs:Export");
        services.AddSingleton<EhrCapabilityReader>();
        services.AddSingleton<BulkExportClients>();
        // No history folder configured: each practice's history is exported from its EHR into the export history root.
        var historyConfigured = !string.IsNullOrWhiteSpace(configuration["Scoring:HistoryRoot"]);
        services.AddSingleton(new PracticeHistoryExport.Settings(historyConfigured));
        services.AddSingleton<PracticeHistoryExport>();
        if (!historyConfigured)
        {
            services.PostConfigure<ScoringOptions>(o => o.HistoryRoot = (configuration.GetSection("Jobs:Export").Get<ExportOptions>() ?? new ExportOptions()).HistoryRoot);
        }
        var jobs = configuration.GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        foreach (var registration in registry.Registrations.Where(r => r.BackendServices is not null))
        {
            var origin = new Uri(new Uri(registration.FhirBaseUrl).GetLeftPart(UriPartial.Authority));
            services.AddKeyedRefitGeneratedClient<IBulkDataApi>(registration.Id, BulkDataJsonContext.Default)
                .ConfigureHttpClient(c =>
                {
                    c.BaseAddress = origin;
                    // Until the headers of one attempt; a file's body streams for as long as it takes.
                    c.Timeout = TimeSpan.FromSeconds(jobs.AttemptTimeoutSeconds * (jobs.MaxRetries + 2));
                })
                .AddHttpMessageHandler(sp => new BackendBearerHandler(sp.GetRequiredService<BackendTokenProvider>(), registration))
                .RemoveAllLoggers() // URLs carry job and file ids
                .AddResilienceHandler($"bulk-{registration.Id}", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(jobs.MaxRetries, 1),
                    ShouldHandle = jobs.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(jobs.RetryBaseDelayMilliseconds),
                    MaxDelay = TimeSpan.FromSeconds(jobs.MaxRetryDelaySeconds),
                    ShouldRetryAfterHeader = true,
                }));
        }
        return services;
    }
}
