using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>A minimal SMART confidential client, written independently of the app's own client code.</summary>
internal sealed class SmartClient(SandboxInstance sandbox, string clientId)
{
    public const string DefaultScope =
        "launch openid fhirUser patient/Patient.r patient/Claim.rs patient/ClaimResponse.rs patient/Coverage.rs patient/ExplanationOfBenefit.rs patient/DocumentReference.rs online_access";

    public string ClientId => clientId;

    /// <summary>Clicks "Launch" in the EHR (for a patient, or the billing worklist when null) and returns the launch code sent to the app's launch URL.</summary>
    public async Task<string> CreateLaunchAsync(string? patient = "p1", string extraQuery = "")
    {
        var patientQuery = patient is null ? "" : $"&patient={patient}";
        using var response = await sandbox.Http.GetAsync($"/ehr/launch?client_id={clientId}{patientQuery}{extraQuery}");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        query["iss"].ToString().ShouldBe(sandbox.FhirBase);
        return query["launch"].ToString();
    }

    public Dictionary<string, string> AuthorizeParameters(string scope, string? launch, Pkce? pkce, string? aud = null) =>
        new()
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = SandboxInstance.RedirectUri,
            ["scope"] = scope,
            ["state"] = Guid.NewGuid().ToString("N"),
            ["nonce"] = Guid.NewGuid().ToString("N"),
            ["aud"] = aud ?? sandbox.FhirBase,
            ["launch"] = launch ?? "",
            ["code_challenge"] = pkce?.Challenge ?? "",
            ["code_challenge_method"] = pkce is null ? "" : "S256",
        };

    public async Task<AuthorizeOutcome> AuthorizeAsync(Dictionary<string, string> parameters)
    {
        var url = QueryHelpers.AddQueryString("/connect/authorize", parameters.Where(p => p.Value.Length > 0).ToDictionary(p => p.Key, p => (string?)p.Value));
        using var response = await sandbox.Http.GetAsync(url);
        return new AuthorizeOutcome((int)response.StatusCode, response.Headers.Location, await response.Content.ReadAsStringAsync());
    }

    public async Task<AuthorizeOutcome> PostAuthorizeAsync(Dictionary<string, string> form)
    {
        using var response = await sandbox.Http.PostAsync("/connect/authorize", new FormUrlEncodedContent(form));
        return new AuthorizeOutcome((int)response.StatusCode, response.Headers.Location, await response.Content.ReadAsStringAsync());
    }

    public string Assertion(
        string? audience = null, TimeSpan? lifetime = null, string? jti = null, bool useEc = false, string? issuer = null, SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        key ??= useEc ? sandbox.Keys.Ec : sandbox.Keys.Rsa;
        useEc = key is ECDsaSecurityKey;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? clientId,
            Audience = audience ?? sandbox.TokenEndpoint,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(4)),
            TokenType = "JWT",
            Claims = new Dictionary<string, object> { ["sub"] = issuer ?? clientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key, useEc ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.RsaSha384),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>POSTs a form to the token endpoint, authenticated with a fresh client assertion unless one is given or auth is off.</summary>
    public async Task<TokenResponse> TokenAsync(Dictionary<string, string> form, bool authenticate = true)
    {
        if (authenticate && !form.ContainsKey("client_assertion"))
        {
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            form["client_assertion"] = Assertion();
        }

        using var response = await sandbox.Http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return await ReadTokenResponseAsync(response);
    }

    public async Task<TokenResponse> TokenWithBasicAsync(Dictionary<string, string> form, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        using var response = await sandbox.Http.SendAsync(request);
        return await ReadTokenResponseAsync(response);
    }

    public static Dictionary<string, string> CodeExchange(string code, Pkce pkce) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = SandboxInstance.RedirectUri,
        ["code_verifier"] = pkce.Verifier,
    };

    /// <summary>EHR launch → authorize → code exchange; returns the token response.</summary>
    public async Task<TokenResponse> EhrLaunchAsync(string? patient = "p1", string scope = DefaultScope, string launchQuery = "")
    {
        var launch = await CreateLaunchAsync(patient, launchQuery);
        var pkce = Pkce.Create();
        var outcome = await AuthorizeAsync(AuthorizeParameters(scope, launch, pkce));
        outcome.Code.ShouldNotBeNull($"authorize failed: {outcome.Error} {outcome.ErrorDescription} {outcome.Status}");
        var token = await TokenAsync(CodeExchange(outcome.Code, pkce));
        token.Status.ShouldBe(200, token.Json.ToJsonString());
        return token;
    }

    private static async Task<TokenResponse> ReadTokenResponseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonObject json;
        try
        {
            json = text.StartsWith('{') ? (JsonObject)JsonNode.Parse(text)! : new JsonObject { ["raw"] = text };
        }
        catch (System.Text.Json.JsonException)
        {
            json = new JsonObject { ["raw"] = text }; // a fault's body that is not JSON
        }
        return new TokenResponse((int)response.StatusCode, json);
    }
}
