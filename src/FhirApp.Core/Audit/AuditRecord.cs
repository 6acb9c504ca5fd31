namespace FhirApp.Core.Audit;

/// <summary>What to audit: the action on a resource reference, for which patient (`Patient/{id}`), why (a short code) and how it ended.</summary>
public sealed record AuditRecord(AuditAction Action, string What, string Purpose, string? Patient = null, AuditOutcome Outcome = AuditOutcome.Success)
{
    /// <summary>`Patient/{id}` for a patient id, a relative or an absolute Patient reference; null for anything else.</summary>
    public static string? PatientOf(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }
        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.LastIndexOf(parts, "Patient");
        if (at >= 0 && at + 1 < parts.Length)
        {
            return $"Patient/{parts[at + 1]}";
        }
        return parts.Length == 1 ? $"Patient/{parts[0]}" : null;
    }
}
