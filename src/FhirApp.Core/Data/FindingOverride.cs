namespace FhirApp.Core.Data;

/// <summary>A biller's decision that a finding does not apply to this claim, with the reason. Kept as the audit record and as feedback.</summary>
public sealed class FindingOverride
{
    public long Id { get; set; }

    /// <summary>The EHR registration (practice) the claim belongs to.</summary>
    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    /// <summary>The claim's payer (Organization id) when known: overrides are counted per payer and rule as feedback.</summary>
    public string? PayerId { get; set; }

    public required string RuleId { get; set; }

    /// <summary>0 for a claim-level finding.</summary>
    public int LineSequence { get; set; }

    public required string Reason { get; set; }

    /// <summary>The fhirUser of who decided.</summary>
    public required string DecidedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime DecidedAt { get; set; }
}
