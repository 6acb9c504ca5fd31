namespace FhirApp.Web.Smart;

/// <summary>Builds the least-privilege scope string and reads back what was granted.</summary>
public static class SmartScopes
{
    /// <summary>What the claims screen reads: read for Patient, read + search for the rest.</summary>
    public static readonly IReadOnlyList<string> DefaultResources =
        ["Patient", "Claim", "ClaimResponse", "Coverage", "ExplanationOfBenefit", "DocumentReference"];

    /// <summary>
    /// The least the launch needs: v2 (`patient/Claim.rs`) when the server advertises permission-v2, else v1
    /// (`patient/Claim.read`); never both. One level per launch: patient/ for a launch from the chart and for a
    /// standalone launch, user/ for the practice's billing worklist. Writes only for the registration's enabled features
    /// (<see cref="RegistrationFeatures.Writes"/>), and read + search for the types written there (to find what was written).
    /// </summary>
    public static string Build(IReadOnlyCollection<string> capabilities, LaunchKind kind, IReadOnlyList<string>? resources = null, IReadOnlyDictionary<string, string>? writes = null)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var v2 = capabilities.Contains("permission-v2");
        writes ??= new Dictionary<string, string>();
        var scopes = new List<string> { kind == LaunchKind.Standalone ? "launch/patient" : "launch", "openid", "fhirUser", "online_access" };
        var level = kind == LaunchKind.Practice ? "user" : "patient";
        foreach (var type in (resources ?? DefaultResources).Concat(writes.Keys).Distinct())
        {
            var write = writes.GetValueOrDefault(type) ?? "";
            if (v2)
            {
                // v2 letters in the order the spec fixes: c r u d s.
                scopes.Add($"{level}/{type}.{string.Concat("cruds".Where(l => write.Contains(l, StringComparison.Ordinal) || l == 'r' || (l == 's' && type != "Patient")))}");
            }
            else
            {
                scopes.Add($"{level}/{type}.read");
                if (write.Length > 0)
                {
                    scopes.Add($"{level}/{type}.write");
                }
            }
        }
        return string.Join(' ', scopes);
    }

    /// <summary>
    /// True when the granted scopes allow this permission (v2 letter c, r, u, d or s; v1 `read` covers r and s, `write` c, u and d) on this type.
    /// A narrowed scope (with a `?` query) gives access to part of a type only: it never counts as access to the type.
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
            if (access.Contains('?', StringComparison.Ordinal))
            {
                continue; // narrowed (patient/Observation.rs?category=…): some of the type, never all of it
            }
            var isWrite = permission is 'c' or 'u' or 'd';
            if (access == "*" || (access == "read" && !isWrite) || (access == "write" && isWrite)
                || (access is not ("read" or "write") && access.Contains(permission, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
