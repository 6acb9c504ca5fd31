using FhirApp.SandboxEhr.Configuration;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// Granted = requested ∩ supported ∩ client's AllowedScopes − launch's scope_deny, fitted to the launch context: the EHR
/// decides the context, so patient/ scopes need a patient in context, and where the app asked for a resource at both
/// levels, a patient launch gets patient/ and a practice launch (no patient) user/ — least privilege either way.
/// </summary>
internal static class ScopeGranter
{
    public static IReadOnlyList<string> Grant(
        IEnumerable<string> requested,
        SandboxClientOptions client,
        IReadOnlyCollection<string> deny,
        bool permissionV2,
        bool clientCredentials,
        bool patientContext = false,
        bool overGrantUserScopes = false)
    {
        var allowed = Parse(client.AllowedScopes);
        var denied = Parse(deny);
        var granted = new List<string>();
        var requestedScopes = Parse(requested);
        foreach (var value in requested.Distinct(StringComparer.Ordinal))
        {
            if (!SmartScope.TryParse(value, out var scope))
            {
                continue;
            }

            var isSystem = scope.Context == "system";
            if (clientCredentials != isSystem)
            {
                continue;
            }

            if (scope.IsV2 && !permissionV2)
            {
                continue;
            }

            if (allowed.Count > 0 && !allowed.Any(scope.IsCoveredBy))
            {
                continue;
            }

            if (denied.Any(scope.Overlaps))
            {
                continue;
            }

            if (scope.Context == "patient" && !patientContext)
            {
                continue;
            }

            if (scope.Context == "user" && patientContext
                && requestedScopes.Any(s => s.Context == "patient" && (s.ResourceType == scope.ResourceType || s.ResourceType == "*")))
            {
                continue;
            }

            granted.Add(value);
            if (overGrantUserScopes && patientContext && scope.Context == "patient")
            {
                granted.Add("user/" + value["patient/".Length..]);
            }
        }

        return granted.Distinct(StringComparer.Ordinal).ToList();
    }

    public static List<SmartScope> Parse(IEnumerable<string> values)
    {
        var result = new List<SmartScope>();
        foreach (var value in values)
        {
            if (SmartScope.TryParse(value, out var scope))
            {
                result.Add(scope);
            }
        }

        return result;
    }
}
