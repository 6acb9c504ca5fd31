namespace FhirApp.Web.Claims;

/// <summary>Why a corrected claim could not be downloaded; each maps to an HTTP status at the endpoint.</summary>
public enum CorrectedClaimProblem
{
    Forbidden,
    NotFound,
    NoDraft,
    NotConfigured,
    Invalid,
}
