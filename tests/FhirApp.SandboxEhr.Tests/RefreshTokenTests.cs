using FhirApp.SandboxEhr.Tests.Infrastructure;

namespace FhirApp.SandboxEhr.Tests;

public sealed class RefreshTokenTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxInstance _sandbox = fixture.Sandbox;

    [Fact]
    public async Task GivenARefreshToken_WhenRefreshed_ThenANewOneIsIssuedAndTheOldOneIsRejected()
    {
        var client = _sandbox.Client();
        var first = await client.EhrLaunchAsync("p1");

        var refreshed = await client.TokenAsync(Refresh(first.RefreshToken!));
        var replay = await client.TokenAsync(Refresh(first.RefreshToken!));

        refreshed.Status.ShouldBe(200);
        refreshed.RefreshToken.ShouldNotBeNullOrEmpty();
        refreshed.RefreshToken.ShouldNotBe(first.RefreshToken);
        ((string?)refreshed.Json["patient"]).ShouldBe("p1");
        ((bool?)refreshed.Json["need_patient_banner"]).ShouldBe(true);
        replay.Error.ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task GivenANarrowerScope_WhenRefreshing_ThenTheNewAccessTokenHasOnlyThoseScopes()
    {
        var client = _sandbox.Client();
        var first = await client.EhrLaunchAsync("p1");

        var narrowed = await client.TokenAsync(Refresh(first.RefreshToken!, "patient/Claim.rs"));

        narrowed.Status.ShouldBe(200);
        narrowed.Scopes.ShouldBe(["patient/Claim.rs"]);
        (await _sandbox.GetFhirAsync("Claim?patient=p1", narrowed.AccessToken)).Status.ShouldBe(200);
        (await _sandbox.GetFhirAsync("Coverage?patient=p1", narrowed.AccessToken)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task GivenAScopeBeyondTheGrant_WhenRefreshing_ThenTheRequestIsRejected()
    {
        var client = _sandbox.Client();
        var first = await client.EhrLaunchAsync("p1");

        var widened = await client.TokenAsync(Refresh(first.RefreshToken!, "patient/Claim.rs user/Claim.rs"));

        widened.AccessToken.ShouldBeNull();
        widened.Error.ShouldBe("invalid_grant"); // OpenIddict's answer for scopes outside the original grant
    }

    [Fact]
    public async Task GivenNoClientAuthentication_WhenRefreshing_ThenInvalidClient()
    {
        var client = _sandbox.Client();
        var first = await client.EhrLaunchAsync("p1");
        var form = Refresh(first.RefreshToken!);
        form["client_id"] = SandboxInstance.ClientId;

        var token = await client.TokenAsync(form, authenticate: false);

        token.Error.ShouldBe("invalid_client");
    }

    [Fact]
    public async Task GivenNeitherOfflineNorOnlineAccess_WhenCodeIsExchanged_ThenNoRefreshTokenIsIssued()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch openid fhirUser patient/Claim.rs");

        token.RefreshToken.ShouldBeNull();
    }

    [Fact]
    public async Task GivenOfflineAccess_WhenCodeIsExchanged_ThenARefreshTokenIsIssued()
    {
        var token = await _sandbox.Client().EhrLaunchAsync("p1", scope: "launch patient/Claim.rs offline_access");

        token.RefreshToken.ShouldNotBeNullOrEmpty();
        token.Scopes.ShouldContain("offline_access");
    }

    private static Dictionary<string, string> Refresh(string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return form;
    }
}
