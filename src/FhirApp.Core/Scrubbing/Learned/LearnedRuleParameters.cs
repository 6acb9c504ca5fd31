namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// What a learned rule says, by shape; fields a shape does not use stay null (and are left out of the JSON).
/// Diagnoses are ICD-10-CM without the dot, as <see cref="ClaimFacts"/> normalizes them; member ids appear only as
/// shapes ("AAA999999999", letters as A and digits as 9), never as ids.
/// </summary>
public sealed record LearnedRuleParameters
{
    /// <summary>The procedure code (the column-two code of a bundled pair).</summary>
    public string? Code { get; init; }

    /// <summary>The column-one code of a bundled pair.</summary>
    public string? OtherCode { get; init; }

    /// <summary>Covered diagnoses (covered-diagnoses).</summary>
    public IReadOnlyList<string>? Diagnoses { get; init; }

    /// <summary>Diagnoses seen denied with the code (covered-diagnoses): held with more confidence than unseen ones.</summary>
    public IReadOnlyList<string>? DeniedDiagnoses { get; init; }

    /// <summary>Places of service the payer paid the code in (place-of-service).</summary>
    public IReadOnlyList<string>? PlacesOfService { get; init; }

    /// <summary>Any of these modifiers satisfies a requirement (modifier-required) or waives a bundle (bundled-pair; empty: nothing does).</summary>
    public IReadOnlyList<string>? Modifiers { get; init; }

    /// <summary>modifier-required: "with-procedure" when the requirement holds only with another procedure on the claim (modifier 25).</summary>
    public string? Condition { get; init; }

    /// <summary>
    /// filing-limit: the longest lag the payer paid (claims later than this may be denied); frequency: the window N
    /// ("within N days"); auth-required: the validity the payer's authorizations state, when the auths on file say.
    /// </summary>
    public int? Days { get; init; }

    /// <summary>filing-limit: the shortest lag the payer denied; from here on the evidence is firm.</summary>
    public int? DaysDenied { get; init; }

    /// <summary>units-per-day: the most units the payer paid per day.</summary>
    public decimal? MaxUnits { get; init; }

    /// <summary>units-per-day: the fewest units it denied.</summary>
    public decimal? UnitsDenied { get; init; }

    /// <summary>coverage-lapse: months since the coverage start after which eligibility denials rise.</summary>
    public int? Months { get; init; }

    /// <summary>coverage-lapse: the coverage already drew an eligibility denial before this claim.</summary>
    public bool? AfterEligibilityDenial { get; init; }

    /// <summary>unspecified-diagnosis: which diagnoses count ("final-character-9" or "category-only").</summary>
    public string? DiagnosisPattern { get; init; }

    /// <summary>member-id-format: the id shapes the payer accepts.</summary>
    public IReadOnlyList<string>? Shapes { get; init; }

    /// <summary>member-id-format: the accepted shapes as a regular expression (with the payer's fixed prefix when every id carries one).</summary>
    public string? Pattern { get; init; }
}
