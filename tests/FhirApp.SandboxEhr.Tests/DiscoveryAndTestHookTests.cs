using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed class DiscoveryAndTestHookTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenTheFhirBase_WhenReadingSmartConfiguration_ThenEndpointsCapabilitiesAndAnUnknownFieldArePresent()
    {
        var json = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/fhir/.well-known/smart-configuration"))!;

        ((string?)json["issuer"]).ShouldBe(_sandbox.BaseUrl + "/");
        ((string?)json["authorization_endpoint"]).ShouldBe("/connect/authorize");
        ((string?)json["token_endpoint"]).ShouldBe(_sandbox.TokenEndpoint);
        ((string?)json["jwks_uri"]).ShouldBe(_sandbox.BaseUrl + "/.well-known/jwks");
        json["code_challenge_methods_supported"]!.AsArray().Select(m => (string?)m).ShouldBe(["S256"]);
        json["token_endpoint_auth_methods_supported"]!.AsArray().Select(m => (string?)m).ShouldBe(["private_key_jwt", "client_secret_basic"]);
        json["capabilities"]!.AsArray().Select(c => (string?)c).ShouldContain("permission-v2");
        json["capabilities"]!.AsArray().Select(c => (string?)c).ShouldContain("client-confidential-asymmetric");
        json["x-sandbox-note"].ShouldNotBeNull();
    }

    [Fact]
    public async Task GivenTheIssuer_WhenReadingOpenIdConfiguration_ThenItMatchesSmartConfigurationAndPublishesKeys()
    {
        var oidc = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/.well-known/openid-configuration"))!;
        var jwks = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/.well-known/jwks"))!;

        ((string?)oidc["issuer"]).ShouldBe(_sandbox.BaseUrl + "/");
        ((string?)oidc["jwks_uri"]).ShouldBe(_sandbox.BaseUrl + "/.well-known/jwks");
        jwks["keys"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task GivenRevokedAccessTokens_WhenUsed_Then401ButTheRefreshTokenStillWorks()
    {
        var client = _sandbox.Client();
        var token = await client.EhrLaunchAsync("p1");

        using var revoke = await _sandbox.Http.PostAsync("/_sandbox/revoke-access-tokens", content: null);
        var afterRevoke = await _sandbox.GetFhirAsync("Claim/c1", token.AccessToken);
        var refreshed = await client.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = token.RefreshToken! });

        ((int)revoke.StatusCode).ShouldBe(200);
        afterRevoke.Status.ShouldBe(401);
        refreshed.Status.ShouldBe(200);
        (await _sandbox.GetFhirAsync("Claim/c1", refreshed.AccessToken)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task GivenRequests_WhenReadingTheJournal_ThenTokenAndFhirCallsAreRecordedWithoutSecrets()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");
        await _sandbox.GetFhirAsync("Claim?patient=p1", token.AccessToken);

        var journal = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/_sandbox/journal"))!.AsArray();
        using var clear = await _sandbox.Http.DeleteAsync("/_sandbox/journal");
        var afterClear = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/_sandbox/journal"))!.AsArray();

        var tokenCall = journal.Last(e => (string?)e!["path"] == "/connect/token")!;
        ((string?)tokenCall["grantType"]).ShouldBe("authorization_code");
        ((string?)tokenCall["clientId"]).ShouldBe(SandboxInstance.ClientId);
        var search = journal.Last(e => (string?)e!["path"] == "/fhir/Claim")!;
        ((string?)search["queryString"]).ShouldBe("?patient=p1");
        ((bool?)search["hasAuthorization"]).ShouldBe(true);
        journal.ToJsonString().ShouldNotContain(token.AccessToken!);
        ((int)clear.StatusCode).ShouldBe(204);
        afterClear.Count.ShouldBe(0);
    }
}
