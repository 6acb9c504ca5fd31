using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>
/// Feeds SMART discovery into the OpenID Connect handler: reads {iss}/.well-known/smart-configuration, resolves relative
/// endpoints against the FHIR base, ignores unknown fields, and loads the signing keys for id_token validation from
/// jwks_uri (from the SMART document, else from the issuer's openid-configuration).
/// </summary>
public sealed class SmartConfigurationRetriever(string fhirBaseUrl, bool requireHttps) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public static string MetadataAddress(string fhirBaseUrl) => fhirBaseUrl.TrimEnd('/') + "/.well-known/smart-configuration";

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var json = await retriever.GetDocumentAsync(address, cancel);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var baseUri = new Uri(fhirBaseUrl.TrimEnd('/') + "/");

        string? Url(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || !Uri.TryCreate(baseUri, v.GetString(), out var u))
            {
                return null;
            }
            // Codes, tokens and client assertions travel to these endpoints: TLS unless this is a loopback sandbox.
            return u.Scheme == Uri.UriSchemeHttps || (!requireHttps && u.IsLoopback)
                ? u.AbsoluteUri
                : throw new InvalidOperationException($"smart-configuration {name} must use https.");
        }

        var config = new SmartConfiguration
        {
            AuthorizationEndpoint = Url(root, "authorization_endpoint") ?? throw new InvalidOperationException("smart-configuration has no authorization_endpoint."),
            TokenEndpoint = Url(root, "token_endpoint") ?? throw new InvalidOperationException("smart-configuration has no token_endpoint."),
            Issuer = root.TryGetProperty("issuer", out var iss) ? iss.GetString() : null,
            JwksUri = Url(root, "jwks_uri"),
            Capabilities = root.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Array
                ? [.. caps.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)]
                : [],
        };

        if (config.JwksUri is null && config.Issuer is not null)
        {
            var oidc = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(config.Issuer.TrimEnd('/') + "/.well-known/openid-configuration", cancel));
            config.JwksUri ??= oidc.JwksUri;
        }
        if (config.JwksUri is not null)
        {
            config.JsonWebKeySet = new JsonWebKeySet(await retriever.GetDocumentAsync(config.JwksUri, cancel));
            foreach (var key in config.JsonWebKeySet.GetSigningKeys())
            {
                config.SigningKeys.Add(key);
            }
        }
        return config;
    }
}
