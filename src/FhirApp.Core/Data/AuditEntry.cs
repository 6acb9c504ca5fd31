using FhirApp.Core.Audit;

namespace FhirApp.Core.Data;

/// <summary>
/// One audited access or change: who (the EHR's fhirUser), from which launch, did what to which resource, when, why and
/// with what outcome. Holds references and codes only, never names, birth dates or free text (an override's reason
/// stays in the override row, which <see cref="What"/> points to).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    /// <summary>UTC. A DateTime, not DateTimeOffset, so that SQLite can compare it in a query.</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>The fhirUser reference (`Practitioner/123`), or a system name (`system:job`) for background work.</summary>
    public required string User { get; set; }

    public string? LaunchId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>The resource acted on, as a reference (`Claim/c-1`), or a type alone for a search (`Claim`).</summary>
    public required string What { get; set; }

    /// <summary>`Patient/{id}` when the resource belongs to one patient.</summary>
    public string? Patient { get; set; }

    public AuditOutcome Outcome { get; set; }

    /// <summary>A short code for why (`view-claims`, `finding-override`), never free text.</summary>
    public required string Purpose { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>Reads coalesced into this entry (same launch, resource and outcome within <see cref="AuditTrail.CoalesceWindow"/>).</summary>
    public int Count { get; set; } = 1;
}
