namespace FhirApp.Web.Smart;

/// <summary>The `fhirUser` claim: relative (`Practitioner/123`) or absolute (`https://ehr/fhir/Practitioner/123`, as Epic sends).</summary>
public sealed record FhirUserReference(string ResourceType, string Id)
{
    private static readonly HashSet<string> UserTypes = ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson", "Person"];

    public static FhirUserReference? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var path = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsolutePath : value;
        var parts = path.Trim('/').Split('/');
        if (parts.Length >= 4 && parts[^2] == "_history")
        {
            parts = parts[..^2];
        }
        return parts.Length >= 2 && UserTypes.Contains(parts[^2]) && parts[^1].Length > 0
            ? new FhirUserReference(parts[^2], parts[^1])
            : null;
    }

    public override string ToString() => $"{ResourceType}/{Id}";
}
