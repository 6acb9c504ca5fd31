using FhirApp.SandboxEhr.Configuration;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>Granted = requested ∩ supported ∩ client's AllowedScopes − launch's scope_deny.</summary>
internal static class ScopeGranter
{
    public static IReadOnlyList<string> Grant(
        IEnumerable<string> requested,
        SandboxClientOptions client,
        IReadOnlyCollection<string> deny,
        bool permissionV2,
        bool clientCredentials)
    {
        var allowed = Parse(client.AllowedScopes);
        var denied = Parse(deny);
        var granted = new List<string>();
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

            granted.Add(value);
        }

        return granted;
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
