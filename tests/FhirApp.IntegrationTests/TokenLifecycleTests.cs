using System.Net;
using System.Text.Json;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests;

public sealed class TokenLifecycleTests(ShortTokenEnvironment env) : IClassFixture<ShortTokenEnvironment>
{
    private string Unprotect(string value) =>
        env.AppServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("FhirApp.Smart.Tokens.v1").Unprotect(value);

    [Fact]
    public async Task GivenAccessTokenNearExpiry_WhenNeeded_ThenRefreshedAheadWithRotationAndOldRefreshTokenIsDead()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        var before = await env.StoredLaunchAsync(launchId);
        var oldRefresh = Unprotect(before.RefreshTokenProtected.ShouldNotBeNull());
        var refreshesBefore = await env.TokenRequestCountAsync("refresh_token");

        env.Clock.Advance(TimeSpan.FromSeconds(3.5)); // past the refresh point (half of a 6 s lifetime), before expiry
        var token = await env.AppServices.GetRequiredService<LaunchStore>().GetAccessTokenAsync(launchId, rejectedToken: null, CancellationToken.None);

        (await env.TokenRequestCountAsync("refresh_token")).ShouldBe(refreshesBefore + 1);
        token.ShouldNotBe(Unprotect(before.AccessTokenProtected));
        var after = await env.StoredLaunchAsync(launchId);
        Unprotect(after.RefreshTokenProtected!).ShouldNotBe(oldRefresh, "the rotated refresh token replaced the old one");

        // The sandbox revoked the old refresh token: using it again (with valid client authentication) fails.
        var reuse = await RedeemRefreshTokenAsync(oldRefresh);
        reuse.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reuse.Content.ReadAsStringAsync()).ShouldContain("invalid_grant");
    }

    [Fact]
    public async Task GivenExpiredAccessToken_WhenClaimsAreLoaded_ThenTheAppRefreshesAndTheLoadSucceeds()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        var refreshesBefore = await env.TokenRequestCountAsync("refresh_token");

        env.Clock.Advance(TimeSpan.FromSeconds(6.5)); // the access token has expired
        var view = await env.ReloadClaimsAsync(launchId);

        view.Failure.ShouldBeNull();
        view.Claims.ShouldNotBeEmpty();
        (await env.TokenRequestCountAsync("refresh_token")).ShouldBeGreaterThan(refreshesBefore);
    }

    [Fact]
    public async Task GivenRevokedAccessToken_WhenEhrAnswers401_ThenAppRefreshesOnceAndRetries()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        using (var http = new HttpClient())
        {
            (await http.PostAsync($"{env.SandboxUrl}/_sandbox/revoke-access-tokens", null)).EnsureSuccessStatusCode();
        }
        var refreshesBefore = await env.TokenRequestCountAsync("refresh_token");
        var sentBefore = env.Outgoing.Requests.Count;

        var view = await env.ReloadClaimsAsync(launchId);

        view.Failure.ShouldBeNull();
        view.Claims.ShouldNotBeEmpty();
        (await env.TokenRequestCountAsync("refresh_token")).ShouldBe(refreshesBefore + 1);
        // The same batch went out twice: once with the revoked token (401), once after the refresh.
        env.Outgoing.Requests.Skip(sentBefore).Count(r => r.Method == "POST").ShouldBe(2);
    }

    [Fact]
    public async Task GivenRefreshTokenNoLongerValid_WhenEhrAnswers401_ThenUserIsAskedToRelaunch()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        // Someone else redeems the stored refresh token: the app's copy is now stale.
        (await RedeemRefreshTokenAsync(Unprotect((await env.StoredLaunchAsync(launchId)).RefreshTokenProtected!))).EnsureSuccessStatusCode();
        using (var http = new HttpClient())
        {
            (await http.PostAsync($"{env.SandboxUrl}/_sandbox/revoke-access-tokens", null)).EnsureSuccessStatusCode();
        }

        var view = await env.ReloadClaimsAsync(launchId);

        view.Failure.ShouldNotBeNull().Kind.ShouldBe(LoadFailureKind.RelaunchRequired);
        var stored = await env.StoredLaunchAsync(launchId);
        (stored.Ended, stored.AccessTokenProtected, stored.RefreshTokenProtected).ShouldBe((true, "", (string?)null), "an ended launch keeps no token");
        var page = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");
        page.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("data-kind=\"RelaunchRequired\"");
        html.ShouldContain("Launch FhirApp again");
        html.ShouldNotContain("claim-maria");
    }

    private async Task<HttpResponseMessage> RedeemRefreshTokenAsync(string refreshToken)
    {
        var registration = env.AppServices.GetRequiredService<SmartRegistry>().FindById("sandbox")!;
        var tokenEndpoint = $"{env.SandboxUrl}/connect/token";
        var assertion = env.AppServices.GetRequiredService<ClientAssertionFactory>().Create(registration, tokenEndpoint);
        using var http = new HttpClient();
        return await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = AppEnvironment.ClientId,
            ["client_assertion_type"] = ClientAssertionFactory.AssertionType,
            ["client_assertion"] = assertion,
        }));
    }
}
