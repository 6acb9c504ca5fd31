namespace FhirApp.Core.Scoring;

/// <summary>
/// Why a payer denied a claim, grouped by who fixes it (DOMAIN.md section 3), not by CARC text.
/// <see cref="CarcCategories"/> maps each CARC to one.
/// </summary>
public enum DenialCategory
{
    Eligibility,
    MissingInformation,
    PriorAuthorization,
    MedicalNecessity,
    Coding,
    Bundling,
    Units,
    TimelyFiling,
    Duplicate,
    ProviderNetwork,
    NonCovered,
    Attachments,
    Other,
}
