namespace FhirApp.Web.Claims;

public enum ClaimAccess
{
    Allowed,
    NotFound,
    Forbidden,
    Unavailable,
}
