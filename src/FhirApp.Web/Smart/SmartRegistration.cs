namespace FhirApp.Web.Smart;

/// <summary>One EHR registration (a practice): one file in smart-config/. Holds no secrets, only references to them.</summary>
public sealed record SmartRegistration
{
    /// <summary>Short stable id; also the authentication scheme name and the last segment of the callback path.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The FHIR base URL: the `iss` the EHR sends, and the `aud` the app sends, exactly as written here.</summary>
    public required string FhirBaseUrl { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Exact redirect URI registered with the EHR; its path is the callback path.</summary>
    public required string RedirectUri { get; init; }

    public ClientAuthenticationMethod ClientAuthentication { get; init; } = ClientAuthenticationMethod.PrivateKeyJwt;

    /// <summary>RS384 or ES384 for private_key_jwt.</summary>
    public string SigningAlgorithm { get; init; } = "RS384";

    /// <summary>The kid of the app key used for client assertions (see Smart:KeyDirectory).</summary>
    public string? KeyId { get; init; }

    /// <summary>Name of the configuration value (user-secrets or environment) holding the client secret, for client_secret_basic.</summary>
    public string? ClientSecretSetting { get; init; }

    /// <summary>Resource scopes wanted beyond the launch/identity scopes; the defaults are the least the app needs.</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>What FhirApp may write to this EHR (documentation requests, appeal packets in the chart); nothing unless turned on.</summary>
    public RegistrationFeatures Features { get; init; } = new();

    /// <summary>Origins of the EHR's own UI allowed to frame the app (frame-ancestors); default: the FHIR base's origin.</summary>
    public IReadOnlyList<string>? EhrOrigins { get; init; }

    /// <summary>Plain http is accepted only for loopback sandboxes and only when this is set.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// The practice owners, as the fhirUser references the EHR sends (`Practitioner/123`): they alone see the audit
    /// trail. An absolute fhirUser matches by its type and id.
    /// </summary>
    public IReadOnlyList<string>? Owners { get; init; }

    /// <summary>
    /// The key every stored row of a practice carries (denials, audit, models, jobs): the registration, plus the EHR's
    /// SMART `tenant` when it sends one, so several practices behind one FHIR base never share data. At most 64
    /// characters (the tenant columns' size): a long tenant is replaced by a hash of itself.
    /// </summary>
    public string PracticeKey(string? tenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return Id;
        }
        var key = $"{Id}:{tenant}";
        return key.Length <= MaxPracticeKeyLength
            ? key
            : $"{Id}:#{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenant)))[..16]}";
    }

    /// <summary>Longest registration id: leaves room in a 64-character practice key for a hashed tenant.</summary>
    public const int MaxIdLength = 40;

    private const int MaxPracticeKeyLength = 64;

    /// <summary>The practice the background jobs work for: the registration, with its Backend Services client's tenant if set.</summary>
    public string JobsPractice => PracticeKey(BackendServices?.Tenant);

    /// <summary>True when this EHR user is one of the practice's owners.</summary>
    public bool IsOwner(FhirUserReference? user) =>
        user is not null && (Owners ?? []).Any(o => FhirUserReference.Parse(o) == user);

    /// <summary>SMART Backend Services client for background jobs; null: no jobs for this practice.</summary>
    public BackendServicesRegistration? BackendServices { get; init; }

    /// <summary>This registration as the backend client: its client id and key sign the client_credentials assertion.</summary>
    public SmartRegistration? AsBackendClient() => BackendServices is { } b
        ? this with
        {
            ClientId = b.ClientId,
            ClientAuthentication = ClientAuthenticationMethod.PrivateKeyJwt,
            KeyId = b.KeyId ?? KeyId,
            SigningAlgorithm = b.SigningAlgorithm ?? SigningAlgorithm,
        }
        : null;

    public string CallbackPath => new Uri(RedirectUri).AbsolutePath;
}
