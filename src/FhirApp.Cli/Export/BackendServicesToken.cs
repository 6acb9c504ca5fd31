using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Cli.Export;

/// <summary>
/// SMART Backend Services for one command run: client_credentials with a private_key_jwt assertion (RFC 7523, RS384 or
/// ES384 by the key's kind) to the token endpoint the EHR's .well-known/smart-configuration names, through
/// Duende.IdentityModel. The token is kept in memory until shortly before it expires and goes only to the EHR's origin;
/// a 401 gets one fresh token and one retry. The app's own (FhirApp.Web.Smart) is bound to its registrations and OIDC
/// options, which a command line does not have; this is the same protocol over flags. Tokens are never printed.
/// </summary>
internal sealed class BackendServicesToken(HttpClient http, Uri fhirBase, string clientId, SecurityKey key, string scope, Uri? tokenEndpoint, TimeProvider clock)
    : DelegatingHandler
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    /// <summary>The signing key in a PEM file (RSA or EC private key, PKCS#8 or the key's own format).</summary>
    public static SecurityKey ReadKey(string pemPath, string? keyId)
    {
        var pem = File.ReadAllText(pemPath);
        SecurityKey key;
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal) || IsEc(pem))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            key = new ECDsaSecurityKey(ec);
        }
        else
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            key = new RsaSecurityKey(rsa);
        }
        key.KeyId = keyId;
        return key;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        if (request.RequestUri is not { } uri || !SameOrigin(uri))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var token = await GetAsync(rejected: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Method != HttpMethod.Get)
        {
            return response;
        }
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetAsync(token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }
        base.Dispose(disposing);
    }

    private async Task<string> GetAsync(string? rejected, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_token is { } cached && cached != rejected && clock.GetUtcNow() < _refreshAt)
            {
                return cached;
            }
            var endpoint = tokenEndpoint ?? await DiscoverAsync(ct);
            var now = clock.GetUtcNow();
            var response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = endpoint.ToString(),
                ClientId = clientId,
                Scope = scope,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                ClientAssertion = new ClientAssertion { Type = OidcConstants.ClientAssertionTypes.JwtBearer, Value = Assertion(endpoint, now) },
            }, ct);
            if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
            {
                // The OAuth error code only: descriptions may echo what was sent.
                throw new HttpRequestException(response.ErrorType == ResponseErrorType.Protocol
                    ? $"The EHR refused the Backend Services token request ({response.Error})."
                    : $"The EHR's token endpoint could not be reached ({(int)response.HttpStatusCode}).");
            }
            var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : TimeSpan.FromMinutes(5);
            _token = response.AccessToken;
            _refreshAt = now + lifetime - (lifetime / 2 < Margin ? lifetime / 2 : Margin);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Assertion(Uri endpoint, DateTimeOffset now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = endpoint.ToString(),
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, clientId),
                new Claim(JwtRegisteredClaimNames.Jti, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddMinutes(4),
            TokenType = "JWT",
            SigningCredentials = new SigningCredentials(key, key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.RsaSha384),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task<Uri> DiscoverAsync(CancellationToken ct)
    {
        var url = new Uri(fhirBase, ".well-known/smart-configuration");
        using var response = await http.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The EHR's .well-known/smart-configuration answered {(int)response.StatusCode}; give --token-endpoint.");
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        return doc.RootElement.TryGetProperty("token_endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.String
            && Uri.TryCreate(endpoint.GetString(), UriKind.Absolute, out var parsed)
            ? parsed
            : throw new HttpRequestException("The EHR's .well-known/smart-configuration names no token_endpoint; give --token-endpoint.");
    }

    private bool SameOrigin(Uri uri) =>
        string.Equals(uri.Scheme, fhirBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, fhirBase.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == fhirBase.Port;

    private static bool IsEc(string pem)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
