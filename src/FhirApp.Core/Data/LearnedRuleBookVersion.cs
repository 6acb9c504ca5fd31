namespace FhirApp.Core.Data;

/// <summary>
/// One mining of a practice's adjudication history: the learned rule book as JSON, numbered per practice. A mining that
/// learned the same rules as the latest version (same content hash) is not stored again, so the numbers count changes.
/// </summary>
public sealed class LearnedRuleBookVersion
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    /// <summary>1, 2, 3… per practice.</summary>
    public int Number { get; set; }

    /// <summary>The book's content hash (<see cref="Scrubbing.Learned.LearnedRuleBook.Version"/>).</summary>
    public required string ContentHash { get; set; }

    /// <summary>Why it was mined: "schedule", "start", "manual (user)".</summary>
    public required string Trigger { get; set; }

    public DateTimeOffset MinedAt { get; set; }

    public int AdjudicatedClaims { get; set; }

    public int Rules { get; set; }

    public required string Json { get; set; }
}
