namespace FhirApp.Core.Denials;

/// <summary>
/// What the app keeps of one ExplanationOfBenefit or ClaimResponse version: ids, version and derived fields, never
/// the resource itself (the EHR or the payer stays the source of truth for it).
/// </summary>
public sealed record AdjudicationFacts
{
    /// <summary>"ExplanationOfBenefit" or "ClaimResponse".</summary>
    public required string ResourceType { get; init; }

    /// <summary>The resource id; when the resource has none, its first identifier value (or "" when neither exists).</summary>
    public required string ResourceId { get; init; }

    /// <summary>meta.versionId; meta.lastUpdated stands in when a server gives no versionId; "" when neither.</summary>
    public required string VersionId { get; init; }

    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>FHIR status: active, cancelled, draft, entered-in-error.</summary>
    public string? Status { get; init; }

    /// <summary>FHIR outcome: queued, complete, error, partial.</summary>
    public string? Outcome { get; init; }

    /// <summary>claim, preauthorization or predetermination.</summary>
    public string? Use { get; init; }

    /// <summary>The Claim this decides (EOB.claim, ClaimResponse.request); the EOB's own id when it names none.</summary>
    public required string ClaimId { get; init; }

    public string? PatientId { get; init; }

    /// <summary>The insurer's Organization id, or its display name when the reference has no id.</summary>
    public string? PayerId { get; init; }

    /// <summary>The insurer reference's display (the payer's name), for screens; null when the reference has none.</summary>
    public string? PayerName { get; init; }

    /// <summary>The billing or requesting provider (reference id or display).</summary>
    public string? Provider { get; init; }

    /// <summary>The provider reference's display (its name), for screens; null when none.</summary>
    public string? ProviderName { get; init; }

    /// <summary>
    /// The rendering provider: the care-team member in the CARIN BB "rendering" or Blue Button 2.0 "performing" role
    /// (responsible first, then by sequence), as reference id, else identifier value (NPI), else display. Null when the
    /// care team has none: the billing provider is not assumed to have rendered the service. Always null for a ClaimResponse.
    /// </summary>
    public string? RenderingProvider { get; init; }

    /// <summary>The CPT/HCPCS codes of the lines (item.productOrService), distinct, space-separated; null when none.</summary>
    public string? ProcedureCodes { get; init; }

    /// <summary>The payer's decision date (created): appeal windows count from it.</summary>
    public DateOnly? DecisionDate { get; init; }

    /// <summary>First date of service (billablePeriod.start or the earliest item date), for filing limits.</summary>
    public DateOnly? ServiceDate { get; init; }

    public decimal? Submitted { get; init; }

    public decimal? Paid { get; init; }

    /// <summary>Why the resource yields no work even if it carries reasons (e.g. a prior-authorization decision).</summary>
    public string? Ignored { get; init; }
}
