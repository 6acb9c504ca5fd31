using System.Security.Claims;
using FhirApp.SandboxEhr.Auth;
using OpenIddict.Abstractions;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>
/// What one access token may do: its scopes; for patient/ scopes, the patient in context; for user/ scopes, the
/// patients the user may see (null: the whole practice).
/// </summary>
internal sealed class FhirAccess(IReadOnlyList<SmartScope> scopes, string? patient, IReadOnlySet<string>? userPanel = null, string? clientId = null)
{
    /// <summary>The registered client the token was issued to.</summary>
    public string? ClientId { get; } = clientId;

    public string? Patient { get; } = patient;

    public IReadOnlyList<SmartScope> Scopes { get; } = scopes;

    public static FhirAccess From(ClaimsPrincipal principal, IReadOnlyDictionary<string, List<string>> userPanels)
    {
        var user = principal.GetClaim(OpenIddictConstants.Claims.Subject);
        var panel = user is not null && userPanels.TryGetValue(user, out var patients) ? patients.ToHashSet(StringComparer.Ordinal) : null;
        // client_credentials tokens carry the client as their subject; others name it in client_id (OpenIddict adds it).
        var clientId = principal.GetClaim(OpenIddictConstants.Claims.ClientId);
        return new(ScopeGranter.Parse(principal.GetScopes()), principal.GetClaim(SandboxClaims.Patient), panel, clientId ?? user);
    }

    public AccessGrant Check(string type, ScopePermissions needed)
    {
        if (FhirResourceTypes.Directory.Contains(type) && (needed & (ScopePermissions.Read | ScopePermissions.Search)) == needed)
        {
            return AccessGrant.Unrestricted;
        }

        var permitting = Scopes.Where(s => s.Permits(type, needed)).ToList();
        if (permitting.Any(s => s.Context == "system"))
        {
            return AccessGrant.Unrestricted;
        }

        if (permitting.Any(s => s.Context == "user"))
        {
            return userPanel is null ? AccessGrant.Unrestricted : AccessGrant.Panel(userPanel);
        }

        if (permitting.Any(s => s.Context == "patient") && Patient is not null)
        {
            return AccessGrant.Compartment(Patient);
        }

        return AccessGrant.Denied;
    }

    /// <summary>May this resource appear in a response (read, or as an _include/_revinclude)?</summary>
    public bool CanSee(FhirResourceStore store, StoredResource resource)
    {
        var grant = Check(resource.Type, ScopePermissions.Read);
        if (!grant.Allowed)
        {
            grant = Check(resource.Type, ScopePermissions.Search);
        }

        return grant.Covers(store, resource);
    }
}
