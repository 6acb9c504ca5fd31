namespace FhirApp.Core.Scrubbing;

/// <summary>The root-cause family of a finding shared with denial categorization.</summary>
public enum FindingCategory
{
    Eligibility,
    Demographics,
    PriorAuthorization,
    Coding,
    Modifiers,
    Units,
    TimelyFiling,
    Duplicate,
    MissingInformation,
    Documentation,
}
