namespace FhirApp.Core.Data;

/// <summary>
/// A resource a job could not take in (e.g. an unreadable ExplanationOfBenefit in a page): its type, id and what was
/// wrong, never its content. Later runs read it again by id until it can be stored (<see cref="ResolvedAt"/>).
/// </summary>
public sealed class JobRunError
{
    public long Id { get; set; }

    public long JobRunId { get; set; }

    public required string Tenant { get; set; }

    public required string Source { get; set; }

    public string? ResourceType { get; set; }

    public string? ResourceId { get; set; }

    /// <summary>The reader's message: error codes and element paths only, no values.</summary>
    public required string Error { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public int Attempts { get; set; } = 1;
}
