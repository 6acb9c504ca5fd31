namespace FhirApp.Core.Eligibility;

/// <summary>
/// A payer's answer about one patient and payer, reduced to what the checks need, from either route (271 or FHIR
/// CoverageEligibilityResponse). Stored per practice, patient and payer with its date; never holds the raw response.
/// </summary>
public sealed record EligibilityAnswer
{
    /// <summary>"x12" (270/271 through the clearinghouse) or "fhir" (the payer's CoverageEligibilityResponse).</summary>
    public required string Route { get; init; }

    public required EligibilityStatus Status { get; init; }

    /// <summary>The date of service asked about.</summary>
    public required DateOnly ServiceDate { get; init; }

    /// <summary>When the payer answered (271 BHT04/05, or CoverageEligibilityResponse.created); null when it did not.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    public DateOnly? CoverageStart { get; init; }

    public DateOnly? CoverageEnd { get; init; }

    public string? PlanName { get; init; }

    /// <summary>The member as the payer has them (a corrected subscriber shows name, birth date and member id mismatches).</summary>
    public EligibilityPerson? Member { get; init; }

    public bool AuthorizationRequired { get; init; }

    public bool ReferralRequired { get; init; }

    /// <summary>The payer's rejection reason code (AAA03), e.g. 72 = invalid member id.</summary>
    public string? RejectionCode { get; init; }

    /// <summary>Plain words: the rejection reason, or why there is no answer.</summary>
    public string? Message { get; init; }

    /// <summary>"the payer's 271 of 2026-05-04" / "the payer's eligibility response of 2026-05-04".</summary>
    public string Source => $"the payer's {(Route == "x12" ? "271" : "eligibility response")}{(AnsweredAt is { } at ? $" of {at.UtcDateTime:yyyy-MM-dd}" : "")}";
}
