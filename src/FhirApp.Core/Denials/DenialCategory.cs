namespace FhirApp.Core.Denials;

/// <summary>Root cause of a denial, grouped by who created the defect, not by the CARC text.</summary>
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
