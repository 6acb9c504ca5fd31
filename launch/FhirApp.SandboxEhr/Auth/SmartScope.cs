using System.Text.RegularExpressions;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>A scope the sandbox understands: a fixed launch/identity scope or a v1/v2 resource scope.</summary>
internal sealed partial record SmartScope(string Value, string? Context, string? ResourceType, ScopePermissions Permissions, bool IsV2)
{
    public static readonly IReadOnlyList<string> FixedScopes =
        ["openid", "fhirUser", "launch", "launch/patient", "launch/encounter", "offline_access", "online_access"];

    public bool IsResourceScope => Context is not null;

    public static bool TryParse(string value, out SmartScope scope)
    {
        scope = null!;
        if (FixedScopes.Contains(value, StringComparer.Ordinal))
        {
            scope = new SmartScope(value, null, null, ScopePermissions.None, false);
            return true;
        }

        var match = ResourceScopePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var (permissions, isV2) = match.Groups["perm"].Value switch
        {
            "read" => (ScopePermissions.Read | ScopePermissions.Search, false),
            "write" => (ScopePermissions.Create | ScopePermissions.Update | ScopePermissions.Delete, false),
            "*" => (ScopePermissions.All, false),
            var letters => (ParseV2(letters), true),
        };
        if (permissions == ScopePermissions.None)
        {
            return false;
        }

        scope = new SmartScope(value, match.Groups["ctx"].Value, match.Groups["type"].Value, permissions, isV2);
        return true;
    }

    /// <summary>True when every access this scope grants is also granted by <paramref name="other"/>.</summary>
    public bool IsCoveredBy(SmartScope other)
    {
        if (!IsResourceScope || !other.IsResourceScope)
        {
            return string.Equals(Value, other.Value, StringComparison.Ordinal);
        }

        return Context == other.Context
            && (other.ResourceType == "*" || other.ResourceType == ResourceType)
            && (Permissions & other.Permissions) == Permissions;
    }

    /// <summary>True when the two scopes share any access.</summary>
    public bool Overlaps(SmartScope other)
    {
        if (!IsResourceScope || !other.IsResourceScope)
        {
            return string.Equals(Value, other.Value, StringComparison.Ordinal);
        }

        return Context == other.Context
            && (other.ResourceType == "*" || ResourceType == "*" || other.ResourceType == ResourceType)
            && (Permissions & other.Permissions) != ScopePermissions.None;
    }

    public bool Permits(string resourceType, ScopePermissions permission) =>
        IsResourceScope && (ResourceType == "*" || ResourceType == resourceType) && (Permissions & permission) != ScopePermissions.None;

    // v2 letters must appear in c-r-u-d-s order, each at most once.
    private static ScopePermissions ParseV2(string letters)
    {
        const string Order = "cruds";
        var result = ScopePermissions.None;
        var last = -1;
        foreach (var letter in letters)
        {
            var index = Order.IndexOf(letter, StringComparison.Ordinal);
            if (index <= last)
            {
                return ScopePermissions.None;
            }

            last = index;
            result |= (ScopePermissions)(1 << index);
        }

        return result;
    }

    [GeneratedRegex(@"^(?<ctx>patient|user|system)/(?<type>[A-Z][A-Za-z]+|\*)\.(?<perm>read|write|\*|[cruds]{1,5})$")]
    private static partial Regex ResourceScopePattern();
}
