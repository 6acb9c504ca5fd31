using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FhirApp.Web.Smart;

/// <summary>The EHR's `.well-known/smart-configuration`, as the OpenID Connect handler's configuration plus SMART capabilities.</summary>
public sealed class SmartConfiguration : OpenIdConnectConfiguration
{
    public IReadOnlyList<string> Capabilities { get; init; } = [];
}
