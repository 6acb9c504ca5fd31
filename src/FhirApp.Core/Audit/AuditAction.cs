namespace FhirApp.Core.Audit;

/// <summary>The FHIR AuditEvent action codes: create, read, update, delete, execute.</summary>
public enum AuditAction
{
    Read,
    Create,
    Update,
    Delete,
    Execute,
}
