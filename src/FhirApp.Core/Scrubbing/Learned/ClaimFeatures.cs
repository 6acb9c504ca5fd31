namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// What the learned rules look at in a claim, read the same way when mining the history and when scrubbing a new
/// claim (<see cref="ClaimFeatureReader"/>): the lag to submission, the lines with their modifiers, units, places of
/// service, diagnoses, authorization and the patient's earlier services, the coverage's age and the member id's shape.
/// </summary>
internal sealed record ClaimFeatures
{
    public required string ClaimId { get; init; }

    /// <summary>The payer's Organization id, else its name.</summary>
    public required string PayerKey { get; init; }

    public required string PayerName { get; init; }

    public string? PatientKey { get; init; }

    public required DateOnly ServiceDate { get; init; }

    /// <summary>Claim.created (the submission-day proxy), else the date of service.</summary>
    public required DateOnly Submitted { get; init; }

    public int LagDays => Math.Max(0, Submitted.DayNumber - ServiceDate.DayNumber);

    public bool HasReferring { get; init; }

    /// <summary>The member id's shape: letters as A, digits as 9, other characters kept ("AAA999999999"); null when the coverage has no id.</summary>
    public string? MemberIdShape { get; init; }

    /// <summary>The member id's leading letters (at most four): a payer-wide prefix when every accepted id shares it.</summary>
    public string? MemberIdLead { get; init; }

    /// <summary>"Coverage/{id}" of the focal coverage.</summary>
    public string? CoverageKey { get; init; }

    public DateOnly? CoverageStart { get; init; }

    /// <summary>The coverage's own period ended before the date of service (the shipped eligibility check's case, not a silent lapse).</summary>
    public bool CoverageEnded { get; init; }

    /// <summary>Whole months from the coverage start to the date of service (null without a start).</summary>
    public int? MonthsSinceCoverageStart => CoverageStart is { } start && ServiceDate >= start
        ? ((ServiceDate.Year - start.Year) * 12) + ServiceDate.Month - start.Month - (ServiceDate.Day < start.Day ? 1 : 0)
        : null;

    public IReadOnlyList<LineFeatures> Lines { get; init; } = [];

    /// <summary>Lines skipped because their procedure code is not a CPT / HCPCS code.</summary>
    public int UnknownCodeLines { get; init; }
}
