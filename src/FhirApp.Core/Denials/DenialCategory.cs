namespace FhirApp.Core.Denials;

/// <summary>Root cause of a denial, grouped by who created the defect, not by the CARC text (DOMAIN.md §3).</summary>
public enum DenialCategory
{
    Authorization,
    Eligibility,
    Coding,
    MedicalNecessity,
    Bundling,
    TimelyFiling,
    Duplicate,
    MissingInformation,
    Other,
}
