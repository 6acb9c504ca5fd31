using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Scoring;

/// <summary>
/// What the risk model knows about one claim as of its submission: facts from the claim context, the scrubber's
/// findings (run with the clock on the submission day), the patient's earlier adjudicated claims, and its label when
/// adjudicated. Built once by <see cref="ScoringClaimFactory"/>; features and explanations are computed from it.
/// </summary>
internal sealed record ScoringClaim
{
    public required string ClaimId { get; init; }

    public required string PayerId { get; init; }

    public required string PayerName { get; init; }

    public required string ProviderId { get; init; }

    public required string ProviderName { get; init; }

    /// <summary>Claim.created: when the claim was (or will be) submitted.</summary>
    public required DateOnly Submitted { get; init; }

    public DateOnly? ServiceDate { get; init; }

    /// <summary>Procedure codes, one per line, in line order.</summary>
    public required IReadOnlyList<string> Codes { get; init; }

    /// <summary>The first diagnosis's ICD-10 category (three characters), or "".</summary>
    public required string DiagnosisCategory { get; init; }

    public int ModifierCount { get; init; }

    public bool HasModifier25 { get; init; }

    public bool HasModifier59 { get; init; }

    public decimal TotalUnits { get; init; }

    public decimal MaxUnits { get; init; }

    public decimal Billed { get; init; }

    public string PlaceOfService { get; init; } = "";

    public bool HasReferringProvider { get; init; }

    /// <summary>Codes on the claim that the payer's policy file lists for prior authorization.</summary>
    public IReadOnlyList<string> AuthListedCodes { get; init; } = [];

    /// <summary>Claim.insurance.preAuthRef is filled.</summary>
    public bool AuthNumberOnClaim { get; init; }

    /// <summary>A matching prior-authorization response is in the record.</summary>
    public bool AuthOnFile { get; init; }

    public int LagDays { get; init; }

    /// <summary>The payer's filing limit from its policy file, when there is one.</summary>
    public int? FilingLimitDays { get; init; }

    public bool HasCoverage { get; init; }

    public bool CoverageActiveOnServiceDate { get; init; }

    /// <summary>The patient's claims adjudicated before this one was submitted, and how many of them were denied.</summary>
    public int EarlierClaims { get; init; }

    public int EarlierDenials { get; init; }

    public int NoteCount { get; init; }

    public IReadOnlyList<ScrubFinding> Findings { get; init; } = [];

    /// <summary>
    /// The claim as the learned rules read it (<see cref="ClaimFeatureReader"/>): lines with modifiers, units per day,
    /// places of service, diagnoses, auth validity, days since the patient's previous same code, same-day codes; the
    /// coverage's age and the member id's shape. Null when the claim has no date of service or payer.
    /// </summary>
    public ClaimFeatures? Learned { get; init; }

    /// <summary>An earlier claim on the same coverage was denied for eligibility before this one was submitted.</summary>
    public bool EarlierEligibilityDenial { get; init; }

    /// <summary>The history claim as the rule miner counts it (line decisions), for out-of-fold rule books; null when not adjudicated.</summary>
    public MinedClaim? Mined { get; init; }

    /// <summary>The payer's decision, for history claims; null for claims not yet adjudicated.</summary>
    public DenialLabel? Label { get; init; }
}
