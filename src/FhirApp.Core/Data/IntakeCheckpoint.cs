namespace FhirApp.Core.Data;

/// <summary>
/// How far an incremental poll of one resource type from one source has been committed: the last `_lastUpdated`
/// (millisecond precision, as search parameters use it) and the (id, versionId) pairs already stored at exactly that
/// millisecond, so the next search (`ge` the checkpoint) neither repeats nor loses resources that share it.
/// </summary>
public sealed class IntakeCheckpoint
{
    public long Id { get; set; }

    /// <summary>The EHR registration (practice).</summary>
    public required string Tenant { get; set; }

    /// <summary>E.g. "poll:sandbox".</summary>
    public required string Source { get; set; }

    public required string ResourceType { get; set; }

    /// <summary>UTC, truncated to milliseconds; null before the first committed page.</summary>
    public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>"id|versionId" per line: the resources already stored whose lastUpdated falls in <see cref="LastUpdated"/>'s millisecond.</summary>
    public string SeenAtLastUpdated { get; set; } = "";

    /// <summary>UTC, when the checkpoint last moved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");
}
