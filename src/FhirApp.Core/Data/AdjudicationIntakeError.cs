namespace FhirApp.Core.Data;

/// <summary>A resource in an intake page that could not be stored, with why: the rest of its page stores normally.</summary>
public sealed class AdjudicationIntakeError
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string Source { get; set; }

    public string? ResourceType { get; set; }

    public string? ResourceId { get; set; }

    public string? VersionId { get; set; }

    /// <summary>What was wrong; never resource content.</summary>
    public required string Error { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RecordedAt { get; set; }
}
