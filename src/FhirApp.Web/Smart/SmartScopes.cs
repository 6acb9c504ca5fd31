namespace FhirApp.Web.Smart;

/// <summary>Builds the least-privilege scope string and reads back what was granted.</summary>
public static class SmartScopes
{
    /// <summary>What the claims screen reads: read for Patient, read + search for the rest.</summary>
    public static readonly IReadOnlyList<string> DefaultResources =
        ["Patient", "Claim", "ClaimResponse", "Coverage", "ExplanationOfBenefit", "DocumentReference"];

    /// <summary>
    /// v2 (`patient/Claim.rs`) when the server advertises permission-v2, else v1 (`patient/Claim.read`); never both.
    /// EHR launch asks for `launch` and each type at both levels: the EHR decides the context, so a patient launch can
    /// be granted `patient/` and a practice launch (a billing worklist, no patient) `user/`. Standalone asks for
    /// `launch/patient` and `patient/` only: the user picks a patient.
    /// </summary>
    public static string Build(IReadOnlyCollection<string> capabilities, bool standalone, IReadOnlyList<string>? resources = null)
    {
        var v2 = capabilities.Contains("permission-v2");
        var scopes = new List<string> { standalone ? "launch/patient" : "launch", "openid", "fhirUser", "online_access" };
        string[] levels = standalone ? ["patient"] : ["patient", "user"];
        foreach (var type in resources ?? DefaultResources)
        {
            foreach (var level in levels)
            {
                scopes.Add(v2 ? $"{level}/{type}.{(type == "Patient" ? "r" : "rs")}" : $"{level}/{type}.read");
            }
        }
        return string.Join(' ', scopes);
    }

    /// <summary>
    /// True when the granted scopes allow searching (v2 `s`) or reading (v1 `read`, v2 `r`) resources of this type.
    /// With a patient in context both levels count (the app confines itself to that patient); without one only
    /// `user/` does, since a `patient/` scope reaches nothing when there is no patient.
    /// </summary>
    public static bool Allows(IEnumerable<string> granted, string resourceType, char permission, bool patientContext = true)
    {
        foreach (var scope in granted)
        {
            var slash = scope.IndexOf('/', StringComparison.Ordinal);
            var dot = scope.LastIndexOf('.');
            if (slash < 0 || dot < slash || !(scope[..slash] == "user" || (patientContext && scope[..slash] == "patient")))
            {
                continue;
            }
            var type = scope[(slash + 1)..dot];
            if (type != resourceType && type != "*")
            {
                continue;
            }
            var access = scope[(dot + 1)..];
            var query = access.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
            {
                access = access[..query];
            }
            if (access is "read" or "*" || (access != "write" && access.Contains(permission, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
