using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Web.Smart;

/// <summary>The iss allow-list: every registration in smart-config/, looked up by normalised iss or by id.</summary>
public sealed class SmartRegistry
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly Dictionary<string, SmartRegistration> _byIss;
    private readonly Dictionary<string, SmartRegistration> _byId;

    public SmartRegistry(IEnumerable<SmartRegistration> registrations)
    {
        Registrations = [.. registrations];
        _byId = Registrations.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _byIss = new(StringComparer.Ordinal);
        foreach (var r in Registrations)
        {
            var iss = NormalizeIss(r.FhirBaseUrl) ?? throw new InvalidOperationException($"smart-config '{r.Id}': fhirBaseUrl is not an absolute http(s) URL.");
            if (!_byIss.TryAdd(iss, r))
            {
                throw new InvalidOperationException($"smart-config '{r.Id}': fhirBaseUrl is registered twice (also '{_byIss[iss].Id}').");
            }
        }
    }

    public IReadOnlyList<SmartRegistration> Registrations { get; }

    public SmartRegistration? FindByIss(string? iss) =>
        NormalizeIss(iss) is { } key && _byIss.TryGetValue(key, out var r) ? r : null;

    public SmartRegistration? FindById(string? id) =>
        id is not null && _byId.TryGetValue(id, out var r) ? r : null;

    /// <summary>
    /// Canonical form used only to compare an incoming iss with the allow-list: lower-case scheme and host,
    /// default port dropped, no trailing slash. Anything with a query, fragment or user info is not an iss.
    /// The app still sends the registered URL, unchanged, as aud.
    /// </summary>
    public static string? NormalizeIss(string? iss)
    {
        if (string.IsNullOrWhiteSpace(iss) || !Uri.TryCreate(iss.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }
        if ((uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath.TrimEnd('/')}";
    }

    public static SmartRegistry LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"smart-config directory '{directory}' does not exist (set Smart:ConfigDirectory).");
        }
        var registrations = new List<SmartRegistration>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            SmartRegistration? r;
            try
            {
                r = JsonSerializer.Deserialize<SmartRegistration>(File.ReadAllText(file), JsonOptions);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"smart-config file '{Path.GetFileName(file)}' is not a valid registration: {ex.Message}", ex);
            }
            registrations.Add(Validate(r ?? throw new InvalidOperationException($"smart-config file '{Path.GetFileName(file)}' is empty."), Path.GetFileName(file)));
        }
        return new SmartRegistry(registrations);
    }

    private static bool IsFileNameSafe(string? keyId) =>
        keyId is null || (keyId.Length > 0 && keyId[0] != '.' && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));

    internal static SmartRegistration Validate(SmartRegistration r, string file)
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException($"smart-config file '{file}': {message}");
            }
        }

        Check(r.Id.Length is > 0 and <= SmartRegistration.MaxIdLength && r.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "id must be 1 to 40 letters, digits, '-' or '_'.");
        Check(!string.IsNullOrWhiteSpace(r.ClientId), "clientId is required (the client id the EHR issued to FhirApp).");
        Check(NormalizeIss(r.FhirBaseUrl) is not null, "fhirBaseUrl must be an absolute http(s) URL without query or fragment.");
        Check(Uri.TryCreate(r.RedirectUri, UriKind.Absolute, out var redirect) && redirect.Fragment.Length == 0, "redirectUri must be absolute, without a fragment.");
        Check(r.CallbackPath.StartsWith("/callback/", StringComparison.Ordinal), "redirectUri path must be /callback/{id}.");
        foreach (var url in new[] { new Uri(r.FhirBaseUrl), redirect! })
        {
            Check(url.Scheme == Uri.UriSchemeHttps || (r.AllowInsecureHttp && url.IsLoopback),
                $"{url} must use https (plain http is allowed only on loopback with allowInsecureHttp).");
        }
        Check(r.ClientAuthentication != ClientAuthenticationMethod.PrivateKeyJwt || !string.IsNullOrEmpty(r.KeyId), "private_key_jwt needs keyId.");
        Check(r.ClientAuthentication != ClientAuthenticationMethod.PrivateKeyJwt || r.SigningAlgorithm is "RS384" or "ES384", "signingAlgorithm must be RS384 or ES384.");
        // A key id names a file in Smart:KeyDirectory: it must not be able to point anywhere else.
        Check(IsFileNameSafe(r.KeyId) && IsFileNameSafe(r.BackendServices?.KeyId), "keyId must be letters, digits, '.', '-' or '_' (it names a file in the key directory), not starting with '.'.");
        Check(r.ClientAuthentication != ClientAuthenticationMethod.ClientSecretBasic || !string.IsNullOrEmpty(r.ClientSecretSetting), "client_secret_basic needs clientSecretSetting.");
        if (r.BackendServices is { } b)
        {
            Check(!string.IsNullOrWhiteSpace(b.ClientId), "backendServices.clientId is required.");
            Check(!string.IsNullOrEmpty(b.KeyId ?? r.KeyId), "backendServices needs a keyId (its own or the registration's).");
            Check((b.SigningAlgorithm ?? r.SigningAlgorithm) is "RS384" or "ES384", "backendServices.signingAlgorithm must be RS384 or ES384.");
            var scopes = b.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Check(scopes.Length > 0 && scopes.All(s => s.StartsWith("system/", StringComparison.Ordinal)), "backendServices.scopes must be system/ scopes only.");
            Check(b.PollIntervalSeconds >= 10, "backendServices.pollIntervalSeconds must be at least 10.");
            Check(Jobs.Export.IntakeModes.Parse(b.Mode) is not null, "backendServices.mode must be auto, export, patient-search or system-search.");
        }
        return r;
    }
}
