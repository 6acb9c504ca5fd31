namespace FhirApp.Core.Data;

/// <summary>
/// One stored version of an ExplanationOfBenefit or ClaimResponse: ids, version and derived fields only, never the
/// resource. Unique by (tenant, resource type, id, version), which makes intake idempotent.
/// </summary>
public sealed class StoredAdjudication
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    /// <summary>meta.versionId (meta.lastUpdated when the server gives none; "" when neither).</summary>
    public required string VersionId { get; set; }

    /// <summary>The newest version of its resource (the one whose lines the work items reflect).</summary>
    public bool IsCurrent { get; set; }

    /// <summary>Where it came from, e.g. "poll:sandbox" or "ndjson:/path".</summary>
    public required string Source { get; set; }

    /// <summary>UTC.</summary>
    public DateTime StoredAt { get; set; }

    /// <summary>meta.lastUpdated, UTC.</summary>
    public DateTime? LastUpdated { get; set; }

    public string? Status { get; set; }

    public string? Outcome { get; set; }

    /// <summary>claim, preauthorization or predetermination: only claim decisions count in denial metrics.</summary>
    public string? Use { get; set; }

    public required string ClaimId { get; set; }

    public string? PatientId { get; set; }

    public string? PayerId { get; set; }

    /// <summary>The payer's name as the remittance gives it (the insurer reference's display), for screens; null when none.</summary>
    public string? PayerName { get; set; }

    /// <summary>The billing provider (EOB.provider, ClaimResponse.requestor).</summary>
    public string? Provider { get; set; }

    /// <summary>The billing provider's name as the remittance gives it (the reference's display); null when none.</summary>
    public string? ProviderName { get; set; }

    /// <summary>The care-team member in a rendering/performing role; null when none (never the billing provider by default).</summary>
    public string? RenderingProvider { get; set; }

    /// <summary>The lines' CPT/HCPCS codes, distinct, space-separated.</summary>
    public string? ProcedureCodes { get; set; }

    public DateOnly? DecisionDate { get; set; }

    public DateOnly? ServiceDate { get; set; }

    public decimal? Submitted { get; set; }

    public decimal? Paid { get; set; }

    /// <summary>Lines needing work that this version produced.</summary>
    public int DenialLines { get; set; }
}
