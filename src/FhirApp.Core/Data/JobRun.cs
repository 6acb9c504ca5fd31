namespace FhirApp.Core.Data;

/// <summary>One run of a background job (e.g. the adjudication poll of one practice): when, what it did, how it ended.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    /// <summary>The job's name, e.g. "adjudication-poll".</summary>
    public required string Job { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Null while running (or when the process died mid-run).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public JobRunOutcome Outcome { get; set; } = JobRunOutcome.Running;

    public int Pages { get; set; }

    /// <summary>Resources read from the source (matches, including ones already stored).</summary>
    public int Resources { get; set; }

    /// <summary>New resource versions the sink stored.</summary>
    public int Stored { get; set; }

    /// <summary>Resources recorded as errors (unreadable); see <see cref="JobRunError"/>.</summary>
    public int Errors { get; set; }

    /// <summary>Why a failed run failed: exception type and a message without PHI.</summary>
    public string? Message { get; set; }
}
