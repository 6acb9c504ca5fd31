using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// Everything about one claim that a decision needs, assembled once: scrubbing, scoring and appeals read it and fetch nothing themselves.
/// Built from a Claim, or from an ExplanationOfBenefit alone when the payer's API sent no Claim.
/// </summary>
public sealed record ClaimContext
{
    /// <summary>"Claim/{id}", or "ExplanationOfBenefit/{id}" for an EOB without a Claim.</summary>
    public required string Key { get; init; }

    /// <summary>The Claim; null when the context was built from an EOB alone.</summary>
    public Claim? Claim { get; init; }

    /// <summary>The EOB the context was built from when there is no Claim.</summary>
    public ExplanationOfBenefit? SourceEob { get; init; }

    /// <summary>The patient.</summary>
    public Patient? Patient { get; init; }

    /// <summary>The coverages billed (Claim.insurance.coverage), focal first.</summary>
    public IReadOnlyList<Coverage> Coverages { get; init; } = [];

    /// <summary>The payer: Claim.insurer, else the focal coverage's payor.</summary>
    public Organization? Payer { get; init; }

    /// <summary>The billing provider (Claim.provider): Organization, Practitioner or PractitionerRole.</summary>
    public Resource? BillingProvider { get; init; }

    /// <summary>Care-team practitioners, in care-team sequence order.</summary>
    public IReadOnlyList<Practitioner> Practitioners { get; init; } = [];

    /// <summary>ClaimResponses for the claim (request → Claim, or Claim.insurance.claimResponse).</summary>
    public IReadOnlyList<ClaimResponse> ClaimResponses { get; init; } = [];

    /// <summary>EOBs for the claim (EOB.claim → Claim or a shared identifier); the source EOB for EOB-only contexts.</summary>
    public IReadOnlyList<ExplanationOfBenefit> ExplanationsOfBenefit { get; init; } = [];

    /// <summary>Prior-authorization ClaimResponses (use = preauthorization) that match the claim.</summary>
    public IReadOnlyList<ClaimResponse> PriorAuthorizations { get; init; } = [];

    /// <summary>Notes linked to the claim or its encounters, or dated within the window around the date of service.</summary>
    public IReadOnlyList<DocumentReference> Notes { get; init; } = [];

    /// <summary>The patient's claims with an earlier date of service, oldest first.</summary>
    public IReadOnlyList<Claim> EarlierClaims { get; init; } = [];

    /// <summary>
    /// The patient's other claims with the same first date of service, in record order. Kept apart from
    /// <see cref="EarlierClaims"/> (strictly earlier dates) because a duplicate is most often billed for the same day.
    /// </summary>
    public IReadOnlyList<Claim> SameDayClaims { get; init; } = [];

    /// <summary>
    /// Every prior-authorization ClaimResponse of the patient, matched or not: an auth that expired or covers
    /// another code is not in <see cref="PriorAuthorizations"/>, yet the scrubber must say why it does not count.
    /// </summary>
    public IReadOnlyList<ClaimResponse> PatientPriorAuthorizations { get; init; } = [];

    /// <summary>
    /// The payer's eligibility answers for this patient and the claim's payer, newest last: from a check the practice
    /// ran (a 271 or the payer's FHIR response, kept by FhirApp) or held by the EHR.
    /// </summary>
    public IReadOnlyList<CoverageEligibilityResponse> EligibilityResponses { get; init; } = [];

    /// <summary>The first date of service.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>The index the context was built from, for resolving further references (Conditions, Encounters…).</summary>
    public required PatientRecord Record { get; init; }
}
