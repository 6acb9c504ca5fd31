namespace FhirApp.Core.Data;

/// <summary>
/// A biller's judgement that a claim's denial-risk score is wrong, with the reason: the audit record, and feedback for
/// the next training (see <see cref="Scoring.RiskOverrides"/>). One per claim: a later judgement replaces it.
/// </summary>
public sealed class RiskOverride
{
    public long Id { get; set; }

    /// <summary>The EHR registration (practice) the claim belongs to.</summary>
    public required string Tenant { get; set; }

    public required string ClaimId { get; set; }

    /// <summary>The score shown when the biller decided, and the model version that gave it ("" in cold start).</summary>
    public int Score { get; set; }

    public required string ModelVersion { get; set; }

    /// <summary>True: the biller expects the payer to pay (the score is too high); false: to deny (too low).</summary>
    public bool ExpectsPaid { get; set; }

    public required string Reason { get; set; }

    /// <summary>The fhirUser of who decided.</summary>
    public required string DecidedBy { get; set; }

    /// <summary>UTC.</summary>
    public DateTime DecidedAt { get; set; }
}
