using System.ComponentModel.DataAnnotations;

namespace FhirApp.Web.Jobs;

/// <summary>Section "Jobs": background polling and its HTTP retry policy.</summary>
public sealed class JobsOptions
{
    /// <summary>false: no scheduler runs (the admin page then says so).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    /// <summary>Retries of one request on 429, 5xx, timeouts and connection failures (Retry-After honoured).</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Longest wait between retries, also for a Retry-After the server asks for.</summary>
    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 120;

    /// <summary>One attempt's time limit: a slower answer counts as a timeout and is retried.</summary>
    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 30;
}
