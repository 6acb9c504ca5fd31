namespace FhirApp.Core.Audit;

/// <summary>Success, refused (launch context, scopes or role did not allow it) or failed (the EHR or the app erred).</summary>
public enum AuditOutcome
{
    Success,
    Denied,
    Failed,
}
