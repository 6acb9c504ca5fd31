namespace FhirApp.SandboxEhr.Configuration;

/// <summary>One registered SMART client (always confidential).</summary>
public sealed class SandboxClientOptions
{
    public string ClientId { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? LaunchUrl { get; set; }

    /// <summary>
    /// The app's launch URL for the practice-level activity (a billing worklist, no patient), registered apart from the
    /// chart's as EHRs register one per activity; default: <see cref="LaunchUrl"/>.
    /// </summary>
    public string? PracticeLaunchUrl { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    /// <summary>private_key_jwt: where the client's JWKS is fetched from (lazily, when a token request arrives).</summary>
    public string? JwksUri { get; set; }

    /// <summary>client_secret_basic: the shared secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Optional ceiling on granted scopes; a requested scope is granted only if one of these covers it.</summary>
    public List<string> AllowedScopes { get; set; } = [];

    /// <summary>
    /// Whether this client's system/ tokens may search ExplanationOfBenefit and ClaimResponse across all patients (no
    /// patient parameter). Off by default, as production EHRs refuse it: Backend Services clients get claims data
    /// through Bulk Data $export, or patient by patient.
    /// </summary>
    public bool AllowSystemClaimsSearch { get; set; }

    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? ClientId : DisplayName;

    public bool UsesPrivateKeyJwt => !string.IsNullOrWhiteSpace(JwksUri);
}
