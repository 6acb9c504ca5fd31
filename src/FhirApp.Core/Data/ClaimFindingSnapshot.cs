namespace FhirApp.Core.Data;

/// <summary>
/// The findings one version of a claim had when FhirApp first scrubbed it, so a denial that arrives later can be traced
/// to the finding that warned of it, or to the gap. Unique by (tenant, claim, claim version): a claim edited in the EHR
/// gets a snapshot per version.
/// </summary>
public sealed class ClaimFindingSnapshot
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    /// <summary>The claim's meta.versionId, else its meta.lastUpdated, else "unversioned".</summary>
    public required string ClaimVersion { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    /// <summary>The findings as JSON (<see cref="Scrubbing.SnapshotFinding"/>): rule, category, severity, line, message.</summary>
    public required string FindingsJson { get; set; }
}
