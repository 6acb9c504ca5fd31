using System.Net.Http.Json;
using System.Security.Cryptography;
using FhirApp.SandboxEhr.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.Tests;

public sealed class ClientAuthenticationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenAssertionExpiringMoreThanFiveMinutesAhead_WhenExchangingACode_ThenInvalidClient()
    {
        var client = _sandbox.Client();
        var form = await CodeFormAsync(client);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = client.Assertion(lifetime: TimeSpan.FromMinutes(6));

        var token = await client.TokenAsync(form);

        token.Error.ShouldBe("invalid_client");
        token.AccessToken.ShouldBeNull();
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("trailing-slash")]
    [InlineData("fhir-base")]
    public async Task GivenAssertionWhoseAudIsNotTheTokenEndpoint_WhenExchangingACode_ThenInvalidClient(string audience)
    {
        var client = _sandbox.Client();
        var form = await CodeFormAsync(client);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = client.Assertion(audience: audience switch
        {
            "issuer" => _sandbox.BaseUrl + "/",
            "trailing-slash" => _sandbox.TokenEndpoint + "/",
            _ => _sandbox.FhirBase,
        });

        var token = await client.TokenAsync(form);

        token.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task GivenAssertionWhoseJtiWasAlreadyUsed_WhenUsedAgain_ThenInvalidClient()
    {
        var client = _sandbox.Client();
        var jti = Guid.NewGuid().ToString("N");
        var first = await CodeFormAsync(client);
        first["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        first["client_assertion"] = client.Assertion(jti: jti);
        (await client.TokenAsync(first)).Status.ShouldBe(200);

        var second = await CodeFormAsync(client);
        second["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        second["client_assertion"] = client.Assertion(jti: jti);
        var token = await client.TokenAsync(second);

        token.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task GivenAssertionSignedWithES384_WhenExchangingACode_ThenTokensAreIssued()
    {
        var client = _sandbox.Client();
        var form = await CodeFormAsync(client);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = client.Assertion(useEc: true);

        var token = await client.TokenAsync(form);

        token.Status.ShouldBe(200);
        token.AccessToken.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task GivenAssertionSignedWithAKeyNotInTheJwks_WhenExchangingACode_ThenInvalidClient()
    {
        var client = _sandbox.Client();
        var form = await CodeFormAsync(client);
        var stranger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-rs384" };
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SandboxInstance.ClientId,
            Audience = _sandbox.TokenEndpoint,
            Expires = DateTime.UtcNow.AddMinutes(4),
            TokenType = "JWT",
            Claims = new Dictionary<string, object> { ["sub"] = SandboxInstance.ClientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(stranger, SecurityAlgorithms.RsaSha384),
        });

        var token = await client.TokenAsync(form);

        token.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task GivenAJsonBody_WhenRequestingATokenAtTheTokenEndpoint_ThenTheRequestIsRejected()
    {
        var client = _sandbox.Client();
        var form = await CodeFormAsync(client);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = client.Assertion();

        using var response = await _sandbox.Http.PostAsJsonAsync("/connect/token", form);

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("invalid_request");
    }

    [Fact]
    public async Task GivenClientSecretBasicClient_WhenExchangingACodeWithTheSecret_ThenTokensAreIssued()
    {
        var client = _sandbox.Client(SandboxInstance.SecretClientId);

        var token = await client.TokenWithBasicAsync(await CodeFormAsync(client), SandboxInstance.ClientSecret);

        token.Status.ShouldBe(200);
        ((string?)token.Json["patient"]).ShouldBe("p1");
    }

    [Fact]
    public async Task GivenClientSecretBasicClient_WhenTheSecretIsWrong_ThenInvalidClient()
    {
        var client = _sandbox.Client(SandboxInstance.SecretClientId);

        var token = await client.TokenWithBasicAsync(await CodeFormAsync(client), "wrong-secret");

        token.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task GivenClientSecretPostedInTheForm_WhenExchangingACode_ThenTheRequestIsRejected()
    {
        var client = _sandbox.Client(SandboxInstance.SecretClientId);
        var form = await CodeFormAsync(client);
        form["client_id"] = SandboxInstance.SecretClientId;
        form["client_secret"] = SandboxInstance.ClientSecret;

        var token = await client.TokenAsync(form, authenticate: false);

        token.AccessToken.ShouldBeNull();
        token.Error.ShouldNotBeNull();
    }

    [Fact]
    public async Task GivenBackendServicesClient_WhenRequestingClientCredentials_ThenOnlySystemScopesAreGrantedAndNoRefreshToken()
    {
        var client = _sandbox.Client();

        var token = await client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/ExplanationOfBenefit.rs system/Claim.rs patient/Claim.rs",
        });

        token.Status.ShouldBe(200);
        token.Scopes.ShouldBe(["system/ExplanationOfBenefit.rs", "system/Claim.rs"], ignoreOrder: true);
        token.RefreshToken.ShouldBeNull();
        (await _sandbox.GetFhirAsync("Claim?patient=p2", token.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenAClientSecretClient_WhenRequestingClientCredentials_ThenUnauthorizedClient()
    {
        var client = _sandbox.Client(SandboxInstance.SecretClientId);

        var token = await client.TokenWithBasicAsync(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "system/Claim.rs" }, SandboxInstance.ClientSecret);

        token.AccessToken.ShouldBeNull();
        token.Error.ShouldBe("unauthorized_client");
    }

    private static async Task<Dictionary<string, string>> CodeFormAsync(SmartClient client)
    {
        var pkce = Pkce.Create();
        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), pkce));
        outcome.Code.ShouldNotBeNull();
        return SmartClient.CodeExchange(outcome.Code, pkce);
    }
}
