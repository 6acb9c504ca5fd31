using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed class EhrLaunchTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenEhrLaunchWithEncounterAndIntent_WhenCodeIsExchangedWithPkce_ThenTokenResponseCarriesTheLaunchContext()
    {
        var client = _sandbox.Client();

        var token = await client.EhrLaunchAsync("p1", launchQuery: "&encounter=e1&intent=bogus&need_patient_banner=false&tenant=t1");

        token.AccessToken.ShouldNotBeNullOrEmpty();
        ((string?)token.Json["token_type"]).ShouldBe("Bearer");
        ((string?)token.Json["patient"]).ShouldBe("p1");
        ((string?)token.Json["encounter"]).ShouldBe("e1");
        ((bool?)token.Json["need_patient_banner"]).ShouldBe(false);
        ((string?)token.Json["intent"]).ShouldBe("bogus");
        ((string?)token.Json["tenant"]).ShouldBe("t1");
        ((string?)token.Json["smart_style_url"]).ShouldStartWith(_sandbox.BaseUrl);
        var fhirContext = token.Json["fhirContext"].ShouldBeOfType<JsonArray>();
        ((string?)fhirContext.Single()!["reference"]).ShouldBe("Encounter/e1");
        token.Scopes.ShouldBe(SmartClient.DefaultScope.Split(' '), ignoreOrder: true);
        token.RefreshToken.ShouldNotBeNullOrEmpty("online_access was granted");
        var accessToken = new JsonWebToken(token.AccessToken);
        accessToken.GetClaim("patient").Value.ShouldBe("p1");
        accessToken.GetClaim("scope").Value.Split(' ').ShouldContain("patient/Claim.rs");
    }

    [Fact]
    public async Task GivenEightLaunchesAtOnce_WhenTheyRunInParallel_ThenEachGetsItsOwnPatientContext()
    {
        var patients = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? "p1" : "p2").ToList();

        var tokens = await Task.WhenAll(patients.Select(p => _sandbox.Client().EhrLaunchAsync(p)));

        tokens.Select(t => (string?)t.Json["patient"]).ShouldBe(patients);
    }

    [Fact]
    public async Task GivenOpenIdAndFhirUserScopes_WhenCodeIsExchanged_ThenIdTokenCarriesRelativeFhirUserAndSubject()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1");

        var idToken = token.IdToken;
        idToken.GetClaim("fhirUser").Value.ShouldBe("Practitioner/pr-susan-patel");
        idToken.Subject.ShouldBe("Practitioner/pr-susan-patel");
        idToken.Audiences.ShouldContain(SandboxInstance.ClientId);
        idToken.Issuer.ShouldBe(_sandbox.BaseUrl + "/");
        idToken.TryGetClaim("nonce", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task GivenAbsoluteFhirUserForm_WhenCodeIsExchanged_ThenIdTokenFhirUserIsAbsolute()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", launchQuery: "&fhir_user_form=absolute");

        token.IdToken.GetClaim("fhirUser").Value.ShouldBe($"{_sandbox.FhirBase}/Practitioner/pr-susan-patel");
    }

    [Fact]
    public async Task GivenNoCodeChallenge_WhenAuthorizing_ThenInvalidRequestAndNoCode()
    {
        var client = _sandbox.Client();
        var launch = await client.CreateLaunchAsync();

        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, launch, pkce: null));

        outcome.Code.ShouldBeNull();
        outcome.Error.ShouldBe("invalid_request");
        outcome.ErrorDescription.ShouldNotBeNull().ShouldContain("code_challenge");
        outcome.Error.ShouldBe("invalid_request");
    }

    [Fact]
    public async Task GivenPlainCodeChallengeMethod_WhenAuthorizing_ThenInvalidRequest()
    {
        var client = _sandbox.Client();
        var parameters = client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), Pkce.Create());
        parameters["code_challenge"] = Pkce.Create().Verifier;
        parameters["code_challenge_method"] = "plain";

        var outcome = await client.AuthorizeAsync(parameters);

        outcome.Code.ShouldBeNull();
        outcome.Error.ShouldBe("invalid_request");
    }

    [Fact]
    public async Task GivenWrongCodeVerifier_WhenExchangingTheCode_ThenInvalidGrant()
    {
        var client = _sandbox.Client();
        var pkce = Pkce.Create();
        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), pkce));

        var token = await client.TokenAsync(SmartClient.CodeExchange(outcome.Code!, Pkce.Create()));

        token.Status.ShouldBe(400);
        token.Error.ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task GivenACodeAlreadyExchanged_WhenExchangedAgain_ThenInvalidGrant()
    {
        var client = _sandbox.Client();
        var pkce = Pkce.Create();
        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), pkce));
        (await client.TokenAsync(SmartClient.CodeExchange(outcome.Code!, pkce))).Status.ShouldBe(200);

        var second = await client.TokenAsync(SmartClient.CodeExchange(outcome.Code!, pkce));

        second.Error.ShouldBe("invalid_grant");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/R4")]
    public async Task GivenAudThatDiffersFromTheFhirBase_WhenAuthorizing_ThenInvalidRequest(string suffix)
    {
        var client = _sandbox.Client();
        var parameters = client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), Pkce.Create(), aud: _sandbox.FhirBase + suffix);

        var outcome = await client.AuthorizeAsync(parameters);

        outcome.Code.ShouldBeNull();
        outcome.Error.ShouldBe("invalid_request");
        outcome.ErrorDescription.ShouldNotBeNull().ShouldContain("aud");
        outcome.State.ShouldBe(parameters["state"]);
    }

    [Fact]
    public async Task GivenALaunchCodeAlreadyUsed_WhenAuthorizingWithItAgain_ThenInvalidLaunch()
    {
        var client = _sandbox.Client();
        var launch = await client.CreateLaunchAsync();
        (await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, launch, Pkce.Create()))).Code.ShouldNotBeNull();

        var second = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, launch, Pkce.Create()));

        second.Error.ShouldBe("invalid_request");
        second.ErrorDescription.ShouldBe("invalid launch");
    }

    [Fact]
    public async Task GivenAMadeUpLaunchCode_WhenAuthorizing_ThenInvalidLaunch()
    {
        var client = _sandbox.Client();

        var outcome = await client.AuthorizeAsync(client.AuthorizeParameters(SmartClient.DefaultScope, "not-a-launch-code", Pkce.Create()));

        outcome.Error.ShouldBe("invalid_request");
        outcome.ErrorDescription.ShouldBe("invalid launch");
    }

    [Fact]
    public async Task GivenARedirectUriNotRegistered_WhenAuthorizing_ThenNoRedirectToIt()
    {
        var client = _sandbox.Client();
        var parameters = client.AuthorizeParameters(SmartClient.DefaultScope, await client.CreateLaunchAsync(), Pkce.Create());
        parameters["redirect_uri"] = SandboxInstance.RedirectUri + "/";

        var outcome = await client.AuthorizeAsync(parameters);

        outcome.Status.ShouldBe(400);
        outcome.Location.ShouldBeNull();
    }

    [Fact]
    public async Task GivenScopeDenyOnTheLaunch_WhenCodeIsExchanged_ThenTheDeniedScopeIsNotGranted()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", launchQuery: "&scope_deny=patient/DocumentReference.rs");

        token.Scopes.ShouldNotContain("patient/DocumentReference.rs");
        token.Scopes.ShouldContain("patient/Claim.rs");
        var search = await _sandbox.GetFhirAsync("DocumentReference?patient=p1", token.AccessToken);
        search.Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenUnsupportedAndWildcardFreeScopes_WhenCodeIsExchanged_ThenOnlySupportedScopesAreGranted()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch openid patient/Claim.rs patient/Claim.rs?status=active profile made-up system/Claim.rs");

        token.Scopes.ShouldBe(["launch", "openid", "patient/Claim.rs"], ignoreOrder: true);
    }
}
