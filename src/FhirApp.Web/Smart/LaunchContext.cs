namespace FhirApp.Web.Smart;

/// <summary>What a page knows about its launch. Never holds a token.</summary>
public sealed record LaunchContext(
    string LaunchId,
    SmartRegistration Registration,
    string? PatientId,
    string? EncounterId,
    IReadOnlyList<string> FhirContext,
    bool NeedPatientBanner,
    string? Intent,
    string? SmartStyleUrl,
    string? Tenant,
    FhirUserReference? FhirUser,
    IReadOnlyList<string> GrantedScopes)
{
    public bool Allows(string resourceType, char permission) => SmartScopes.Allows(GrantedScopes, resourceType, permission);
}
