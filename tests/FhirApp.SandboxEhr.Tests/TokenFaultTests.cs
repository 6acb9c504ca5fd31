using System.Text;
using System.Text.Json;
using FhirApp.SandboxEhr.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Tests;

/// <summary>
/// The token endpoint's fault hooks (/_sandbox/faults with pathPrefix "/connect/token"): each way a real token server
/// answers, for the app's tests to meet. The class's tests run one after another on their own sandbox.
/// </summary>
public sealed class TokenFaultTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxInstance Sandbox => fixture.Sandbox;

    [Theory]
    [InlineData(400, "invalid_grant")]
    [InlineData(401, "invalid_client")]
    [InlineData(403, "invalid_grant")]
    [InlineData(403, "unauthorized_client")]
    public async Task GivenAnErrorFaultOnRefresh_WhenRefreshing_ThenThatAnswerOnceAndTheCodeExchangeIsUntouched(int status, string error)
    {
        await ClearAsync();
        await PostFaultsAsync($$"""[{"kind":"status","pathPrefix":"/connect/token","grantType":"refresh_token","status":{{status}},"error":"{{error}}","errorDescription":"Said by the EHR"}]""");
        var client = Sandbox.Client();
        var token = await client.EhrLaunchAsync("p1"); // a code exchange: the fault waits for a refresh

        var refused = await RefreshAsync(client, token.RefreshToken!);
        var again = await RefreshAsync(client, token.RefreshToken!);

        refused.Status.ShouldBe(status);
        refused.Error.ShouldBe(error);
        ((string?)refused.Json["error_description"]).ShouldBe("Said by the EHR");
        again.Status.ShouldBe(200, "the fault fired once; the refresh token was never spent");
    }

    [Fact]
    public async Task GivenA401Fault_WhenAnswered_ThenItNamesAnAuthenticationScheme()
    {
        await ClearAsync();
        await PostFaultsAsync("""[{"kind":"status","pathPrefix":"/connect/token","status":401,"error":"invalid_client"}]""");

        using var response = await Sandbox.Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" }));

        ((int)response.StatusCode).ShouldBe(401);
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task GivenAStatusFaultWithoutAnError_WhenAnswered_ThenAPlainBodyAsAProxyWouldSend()
    {
        await ClearAsync();
        await PostFaultsAsync("""[{"kind":"status","pathPrefix":"/connect/token","status":503}]""");

        using var response = await Sandbox.Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code" }));

        ((int)response.StatusCode).ShouldBe(503);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task GivenAMalformFault_WhenTheCodeIsExchanged_Then200WithABodyThatIsNotJson()
    {
        await ClearAsync();
        await PostFaultsAsync("""[{"kind":"malform","pathPrefix":"/connect/token","grantType":"authorization_code"}]""");

        var token = await ExchangeAsync(Sandbox.Client(), nonce: "n");

        token.Status.ShouldBe(200);
        Should.Throw<JsonException>(() => JsonDocument.Parse(token.Body));
    }

    [Fact]
    public async Task GivenAnIdTokenFaultOnTheCodeExchange_WhenRefreshing_ThenTheRefreshAnswerIsUntouched()
    {
        await ClearAsync();
        await PostFaultsAsync("""[{"kind":"id_token","idToken":"wrong-aud","pathPrefix":"/connect/token","grantType":"refresh_token","times":0}]""");

        var token = await ExchangeAsync(Sandbox.Client(), nonce: "n-1");

        (await ValidateAsync(token.IdToken!)).IsValid.ShouldBeTrue("the fault is for refreshes only");
    }

    [Theory]
    [InlineData("unsigned")]
    [InlineData("tampered")]
    [InlineData("expired")]
    [InlineData("wrong-aud")]
    [InlineData("wrong-nonce")]
    public async Task GivenAnIdTokenFault_WhenTheCodeIsExchanged_ThenOnlyThatCheckFails(string how)
    {
        await ClearAsync();
        await PostFaultsAsync($$"""[{"kind":"id_token","idToken":"{{how}}","pathPrefix":"/connect/token","grantType":"authorization_code"}]""");
        var nonce = Guid.NewGuid().ToString("N");

        var token = await ExchangeAsync(Sandbox.Client(), nonce);

        token.Status.ShouldBe(200);
        token.AccessToken.ShouldNotBeNullOrEmpty("only the id_token is spoiled");
        var jwt = new JsonWebToken(token.IdToken!);
        var result = await ValidateAsync(token.IdToken!);
        switch (how)
        {
            case "unsigned":
                jwt.Alg.ShouldBe("none");
                jwt.EncodedSignature.ShouldBeEmpty();
                result.IsValid.ShouldBeFalse();
                break;
            case "tampered":
                result.Exception.ShouldBeAssignableTo<SecurityTokenInvalidSignatureException>();
                break;
            case "expired":
                result.Exception.ShouldBeOfType<SecurityTokenExpiredException>();
                break;
            case "wrong-aud":
                result.Exception.ShouldBeOfType<SecurityTokenInvalidAudienceException>();
                break;
            case "wrong-nonce":
                result.IsValid.ShouldBeTrue("signature, audience and lifetime are right");
                jwt.GetClaim("nonce").Value.ShouldNotBe(nonce);
                break;
        }
        if (how != "wrong-nonce")
        {
            jwt.GetClaim("nonce").Value.ShouldBe(nonce, "only the named check is broken");
        }
    }

    [Theory]
    [InlineData("""[{"kind":"id_token","idToken":"bogus","pathPrefix":"/connect/token"}]""")]
    [InlineData("""[{"kind":"id_token","idToken":"expired"}]""")]
    [InlineData("""[{"kind":"explode","pathPrefix":"/connect/token"}]""")]
    public async Task GivenAFaultThatCouldNeverFire_WhenPosted_Then400(string json)
    {
        using var response = await Sandbox.Http.PostAsync("/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).ShouldBe(400);
    }

    private async Task<TokenValidationResult> ValidateAsync(string idToken)
    {
        var jwks = new JsonWebKeySet(await Sandbox.Http.GetStringAsync("/.well-known/jwks"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Sandbox.BaseUrl + "/",
            ValidAudience = SandboxInstance.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ClockSkew = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>An EHR launch up to the code exchange, with our own nonce; the raw answer.</summary>
    private static async Task<RawToken> ExchangeAsync(SmartClient client, string nonce)
    {
        var launch = await client.CreateLaunchAsync("p1");
        var pkce = Pkce.Create();
        var parameters = client.AuthorizeParameters(SmartClient.DefaultScope, launch, pkce);
        parameters["nonce"] = nonce;
        var outcome = await client.AuthorizeAsync(parameters);
        outcome.Code.ShouldNotBeNull();
        var token = await client.TokenAsync(SmartClient.CodeExchange(outcome.Code, pkce));
        return new RawToken(token.Status, (string?)token.Json["raw"] ?? token.Json.ToJsonString(), (string?)token.Json["access_token"], (string?)token.Json["id_token"]);
    }

    private static Task<TokenResponse> RefreshAsync(SmartClient client, string refreshToken) =>
        client.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    private async Task PostFaultsAsync(string json)
    {
        using var response = await Sandbox.Http.PostAsync("/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).ShouldBe(204, await response.Content.ReadAsStringAsync());
    }

    private async Task ClearAsync()
    {
        using var response = await Sandbox.Http.DeleteAsync("/_sandbox/faults");
        response.EnsureSuccessStatusCode();
    }

    private sealed record RawToken(int Status, string Body, string? AccessToken, string? IdToken);
}
