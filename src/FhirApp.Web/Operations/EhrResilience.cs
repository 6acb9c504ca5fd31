using FhirApp.Core.Common;
using System.Net;
using FhirApp.Web.Fhir;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FhirApp.Web.Operations;

/// <summary>
/// The user-facing EHR client's resilience pipeline (Microsoft.Extensions.Http.Resilience over Polly): total timeout,
/// retry with exponential backoff and jitter, circuit breaker, per-attempt timeout. One pipeline instance, so one
/// circuit, per EHR registration (else per EHR origin): a slow EHR fails fast without touching another.
/// Retries only requests that are safe to repeat: GET/HEAD, or a request the caller marked (a FHIR batch of reads).
/// </summary>
public static class EhrResilience
{
    public const string PipelineName = "ehr";

    /// <summary>The registration a request is for (the circuit's key).</summary>
    public static readonly HttpRequestOptionsKey<string> RegistrationKey = new("FhirApp.Ehr.Registration");

    /// <summary>Set on a non-GET request that only reads (a FHIR batch of GETs): it may be retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafeKey = new("FhirApp.Ehr.RetrySafe");

    /// <summary>Exceptions and outcomes that mean "the EHR is unreachable right now" after the pipeline gave up.</summary>
    public static bool IsUnreachable(Exception ex) =>
        ex is HttpRequestException or TaskCanceledException or TimeoutException or ExecutionRejectedException
        || (ex is Hl7.Fhir.Rest.FhirOperationException f && ((int)f.Status >= 500 || f.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests));

    /// <summary>
    /// The one filter for an EHR call a page makes on the user's behalf: unreachable, refused or failed on the EHR's side
    /// (<see cref="Hl7.Fhir.Rest.FhirOperationException"/>), or the launch must be redone. The page says so in plain
    /// words instead of failing the circuit.
    /// </summary>
    public static bool IsEhrFailure(Exception ex) =>
        IsUnreachable(ex) || ex is Hl7.Fhir.Rest.FhirOperationException or Smart.RelaunchRequiredException;

    public static IServiceCollection AddEhrResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSection<EhrResilienceOptions>(configuration, EhrResilienceOptions.Section, o => o.AttemptTimeoutSeconds <= o.TotalTimeoutSeconds
            ? []
            : [$"AttemptTimeoutSeconds: must not exceed {EhrResilienceOptions.Section}:TotalTimeoutSeconds."]);

        // No request logging: FHIR URLs carry patient ids.
        services.AddHttpClient(EhrPatientReader.HttpHandlerName).RemoveAllLoggers()
            .AddResilienceHandler(PipelineName, (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<EhrResilienceOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.TotalTimeoutSeconds));
                if (o.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = o.MaxRetries,
                        ShouldHandle = args => ValueTask.FromResult(IsSafeToRepeat(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(o.RetryBaseDelayMilliseconds),
                        MaxDelay = TimeSpan.FromSeconds(o.MaxRetryDelaySeconds),
                        ShouldRetryAfterHeader = true,
                    });
                }
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.CircuitFailureRatio,
                    MinimumThroughput = o.CircuitMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(o.CircuitSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(o.CircuitBreakSeconds),
                    OnOpened = args =>
                    {
                        context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EhrResilience))
                            .LogWarning("EHR circuit {Circuit} opened for {BreakSeconds:F0} s after repeated failures", context.InstanceName, args.BreakDuration.TotalSeconds);
                        return ValueTask.CompletedTask;
                    },
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.AttemptTimeoutSeconds));
            })
            // The circuit's key: the registration the bearer handler stamped on the request, else the EHR's origin.
            .SelectPipelineBy(_ => request =>
                request.Options.TryGetValue(RegistrationKey, out var registration) ? "registration:" + registration
                : request.RequestUri is { } uri ? "origin:" + uri.GetLeftPart(UriPartial.Authority) : "unknown");
        return services;
    }

    private static bool IsSafeToRepeat(ResilienceContext context) =>
        context.GetRequestMessage() is { } request
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || (request.Options.TryGetValue(RetrySafeKey, out var safe) && safe));
}
