namespace FhirApp.Core.Data;

/// <summary>
/// One eligibility check of a patient with a payer, kept per practice with its date: the payer's answer reduced to what
/// the checks need (<see cref="Eligibility.EligibilityAnswer"/> as JSON), never the raw 271 or FHIR response. The
/// newest row per (practice, patient, payer) is the cached answer; older rows stay as the history of checks.
/// </summary>
public sealed class EligibilityCheck
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    public required string PatientId { get; set; }

    /// <summary>The payer as the practice's route table names it.</summary>
    public required string PayerKey { get; set; }

    /// <summary>The claim the check was made for (its date of service was asked about).</summary>
    public string? ClaimId { get; set; }

    /// <summary>UTC, when FhirApp asked.</summary>
    public DateTime CheckedAt { get; set; }

    /// <summary>UTC, when the payer answered (271 BHT, CoverageEligibilityResponse.created).</summary>
    public DateTime? AnsweredAt { get; set; }

    public DateOnly ServiceDate { get; set; }

    /// <summary>"x12" or "fhir".</summary>
    public required string Route { get; set; }

    public Eligibility.EligibilityStatus Status { get; set; }

    public required string AnswerJson { get; set; }

    /// <summary>The fhirUser of who asked ("job" for a bulk check).</summary>
    public required string CheckedBy { get; set; }
}
