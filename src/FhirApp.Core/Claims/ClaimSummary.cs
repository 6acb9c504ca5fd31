namespace FhirApp.Core.Claims;

/// <summary>One row of a claim list: the claim (or an EOB that came without its Claim) and its latest adjudication.</summary>
public sealed record ClaimSummary
{
    /// <summary>The id of the Claim, or of the EOB when there is no Claim resource.</summary>
    public required string Id { get; init; }

    /// <summary>"Claim" or "ExplanationOfBenefit".</summary>
    public required string ResourceType { get; init; }

    /// <summary>The resource status code (active, cancelled, draft, entered-in-error).</summary>
    public string? Status { get; init; }

    /// <summary>The patient's id.</summary>
    public string? PatientId { get; init; }

    /// <summary>The patient's name for display.</summary>
    public string? PatientName { get; init; }

    /// <summary>The payer's name.</summary>
    public string? PayerName { get; init; }

    /// <summary>First date of service.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>Line procedure codes (CPT/HCPCS, or whatever the source uses), in line order.</summary>
    public IReadOnlyList<string> ProcedureCodes { get; init; } = [];

    /// <summary>Diagnosis codes in sequence order.</summary>
    public IReadOnlyList<string> DiagnosisCodes { get; init; } = [];

    /// <summary>Total billed.</summary>
    public decimal? BilledAmount { get; init; }

    /// <summary>Currency of the amounts.</summary>
    public string? Currency { get; init; }

    /// <summary>Outcome of the latest adjudication, a <see cref="ClaimOutcomes"/> label.</summary>
    public required string Outcome { get; init; }

    /// <summary>The practice's own number for the claim (Claim.identifier: the patient account number of the 837), if any.</summary>
    public string? ClaimNumber { get; init; }

    /// <summary>The payer's number for its decision on the claim (claim control number / ICN), if a decision carries one.</summary>
    public string? PayerClaimNumber { get; init; }

    /// <summary>Benefit paid by the latest adjudication.</summary>
    public decimal? PaidAmount { get; init; }

    /// <summary>All reason labels of the latest adjudication ("CO-197", "CO-45", "PR-2"), denials first.</summary>
    public IReadOnlyList<string> ReasonCodes { get; init; } = [];

    /// <summary>Only the denial reason labels of the latest adjudication.</summary>
    public IReadOnlyList<string> DenialReasonCodes { get; init; } = [];

    /// <summary>Short reason text from the resource itself: the denial reason's display, else the disposition unless paid.</summary>
    public string? ReasonText { get; init; }

    /// <summary>"ClaimResponse/{id}" or "ExplanationOfBenefit/{id}" of the latest adjudication.</summary>
    public string? AdjudicationSource { get; init; }

    /// <summary>Date of the latest adjudication.</summary>
    public DateOnly? AdjudicationDate { get; init; }
}
