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

    /// <summary>
    /// PostgreSQL only (the clustered job store): how often each node records in Quartz's tables that it is alive.
    /// Shorter finds a dead node sooner, for one small UPDATE per node per interval.
    /// </summary>
    [Range(1, 300)]
    public int ClusterCheckinIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// PostgreSQL only: how long past a missed check-in the other nodes wait before they call a node dead and re-run the
    /// jobs it was running. Keep it above the worst pause a live node may have (GC, VM migration, database failover):
    /// a live node taken for dead runs its job beside the node that recovered it.
    /// </summary>
    [Range(1, 600)]
    public int ClusterCheckinMisfireThresholdSeconds { get; set; } = 20;
}
