using System.ComponentModel.DataAnnotations;

namespace FhirApp.Web.Operations;

/// <summary>
/// Section "Ehr:Resilience": how the user-facing EHR client (claims screens, addendum and appeal writes) copes with a
/// slow or failing EHR. Retries apply to reads only; the circuit breaker is kept per EHR registration.
/// </summary>
public sealed class EhrResilienceOptions
{
    public const string Section = "Ehr:Resilience";

    /// <summary>One attempt's time limit; a slower answer counts as a timeout (retried for reads).</summary>
    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>The whole request's time limit, retries and backoff included: what a user waits at most.</summary>
    [Range(1, 600)]
    public int TotalTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a read on 5xx, 408, 429, timeouts and connection failures (0: none).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 300;

    /// <summary>Longest wait between retries, also for a Retry-After the EHR asks for.</summary>
    [Range(1, 300)]
    public int MaxRetryDelaySeconds { get; set; } = 5;

    /// <summary>Share of failed attempts (in the sampling window) that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts the sampling window must hold before the circuit may open.</summary>
    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(1, 3600)]
    public int CircuitSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit fails fast before one trial request is let through.</summary>
    [Range(1, 3600)]
    public int CircuitBreakSeconds { get; set; } = 15;
}
