namespace FhirApp.Web.Smart;

/// <summary>Builds the least-privilege scope string and reads back what was granted.</summary>
public static class SmartScopes
{
    /// <summary>What the claims screen reads: read for Patient, read + search for the rest.</summary>
    public static readonly IReadOnlyList<string> DefaultResources =
        ["Patient", "Claim", "ClaimResponse", "Coverage", "ExplanationOfBenefit", "DocumentReference"];

    /// <summary>
    /// What the app writes, beside reading: addendum request Tasks (create, update when answered) and DocumentReferences
    /// (an addendum, an appeal packet). v2 letters; v1 asks `.write` for them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultWrites = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Task"] = "cu",
        ["DocumentReference"] = "c",
    };

    /// <summary>
    /// v2 (`patient/Claim.rs`) when the server advertises permission-v2, else v1 (`patient/Claim.read`); never both.
    /// EHR launch asks for `launch` and each type at both levels: the EHR decides the context, so a patient launch can
    /// be granted `patient/` and a practice launch (a billing worklist, no patient) `user/`. Standalone asks for
    /// `launch/patient` and `patient/` only: the user picks a patient.
    /// </summary>
    /// Custom <paramref name="resources"/> are read only unless <paramref name="writes"/> are given too.
    public static string Build(IReadOnlyCollection<string> capabilities, bool standalone, IReadOnlyList<string>? resources = null, IReadOnlyDictionary<string, string>? writes = null)
    {
        var v2 = capabilities.Contains("permission-v2");
        writes ??= resources is null ? DefaultWrites : new Dictionary<string, string>();
        var scopes = new List<string> { standalone ? "launch/patient" : "launch", "openid", "fhirUser", "online_access" };
        string[] levels = standalone ? ["patient"] : ["patient", "user"];
        foreach (var type in (resources ?? DefaultResources).Concat(writes.Keys).Distinct())
        {
            var write = writes.GetValueOrDefault(type) ?? "";
            // v2 letters in the order the spec fixes: c r u d s.
            var letters = string.Concat("cruds".Where(l => write.Contains(l, StringComparison.Ordinal) || l == 'r' || (l == 's' && type != "Patient")));
            foreach (var level in levels)
            {
                if (v2)
                {
                    scopes.Add($"{level}/{type}.{letters}");
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
        }
        return string.Join(' ', scopes);
    }

    /// <summary>
    /// True when the granted scopes allow this permission (v2 letter c, r, u, d or s; v1 `read` covers r and s, `write` c, u and d) on this type.
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
