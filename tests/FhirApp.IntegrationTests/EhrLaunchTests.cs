using System.Net;
using System.Security.Cryptography;
using System.Text;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirApp.IntegrationTests;

[Collection(DefaultEnvironmentGroup.Name)]
public sealed class EhrLaunchTests(AppEnvironment env)
{
    [Fact]
    public async Task GivenEhrLaunchForMaria_WhenFollowedToTheApp_ThenHerClaimsAreShownWithBannerAndDenialReason()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (_, html) = await env.LaunchAsync(browser, "p-maria-lopez");

        html.ShouldContain("id=\"patient-banner\"");
        html.ShouldContain("Maria");
        html.ShouldContain("claim-maria-20610");
        html.ShouldContain("CO-197");
        html.ShouldNotContain("James");
    }

    [Fact]
    public async Task GivenEhrLaunch_WhenAppRedirectsToAuthorize_ThenEveryRequiredParameterIsThereWithPkceS256()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");

        var launch = QueryHelpers.ParseQuery(steps.LaunchUrl.Query);
        var q = QueryHelpers.ParseQuery(steps.AuthorizeUrl.Query);
        steps.AuthorizeUrl.GetLeftPart(UriPartial.Path).ShouldBe($"{env.SandboxUrl}/connect/authorize", "relative authorization_endpoint resolved against the FHIR base");
        q["response_type"].ToString().ShouldBe("code");
        q["client_id"].ToString().ShouldBe(AppEnvironment.ClientId);
        q["redirect_uri"].ToString().ShouldBe($"{env.AppUrl}/callback/sandbox");
        q["aud"].ToString().ShouldBe(env.FhirBase);
        q["launch"].ToString().ShouldBe(launch["launch"].ToString());
        q["code_challenge_method"].ToString().ShouldBe("S256");
        var scopes = q["scope"].ToString().Split(' ');
        scopes.ShouldContain("launch");
        scopes.ShouldContain("openid");
        scopes.ShouldContain("fhirUser");
        scopes.ShouldContain("patient/Claim.rs");
        scopes.ShouldNotContain("patient/Claim.read");

        // The verifier travels inside the protected state: it must be 43+ unreserved characters and hash to the challenge.
        var options = env.AppServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("sandbox");
        var state = q["state"].ToString();
        var properties = options.StateDataFormat.Unprotect(state).ShouldNotBeNull();
        var verifier = properties.Items["code_verifier"]!;
        verifier.Length.ShouldBeInRange(43, 128);
        verifier.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~');
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).ShouldBe(q["code_challenge"].ToString());
        // State is a data-protected blob carrying a 256-bit correlation id; a second launch gets a different one.
        properties.Items[".xsrf"]!.Length.ShouldBeGreaterThanOrEqualTo(43);
        var again = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        QueryHelpers.ParseQuery(again.AuthorizeUrl.Query)["state"].ToString().ShouldNotBe(state);
    }

    [Fact]
    public async Task GivenStandaloneLaunch_WhenUserPicksJamesAtTheEhr_ThenJamesClaimsAreShown()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var start = await browser.GetAsync($"{env.AppUrl}/launch/standalone/sandbox");
        CookieJarHandler.IsRedirect(start).ShouldBeTrue();
        var authorizeUrl = start.Headers.Location!;
        var q = QueryHelpers.ParseQuery(authorizeUrl.Query);
        q.ContainsKey("launch").ShouldBeFalse();
        q["scope"].ToString().Split(' ').ShouldContain("launch/patient");
        q["aud"].ToString().ShouldBe(env.FhirBase);

        var picker = await browser.GetAsync(authorizeUrl);
        picker.StatusCode.ShouldBe(HttpStatusCode.OK);
        var form = PickerForm.Parse(await picker.Content.ReadAsStringAsync(), "p-james-carter");
        var chosen = await browser.PostAsync(new Uri(authorizeUrl, form.Action), new FormUrlEncodedContent(form.Fields));
        CookieJarHandler.IsRedirect(chosen).ShouldBeTrue($"picker post answered {(int)chosen.StatusCode}: {await chosen.Content.ReadAsStringAsync()}");

        var launchId = await AppEnvironment.CompleteCallbackAsync(browser, chosen.Headers.Location!);
        var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");
        html.ShouldContain("James");
        html.ShouldContain("CO-50");
        html.ShouldNotContain("claim-maria-20610");
    }

    [Fact]
    public async Task GivenTwoTabsLaunchedForTwoPatients_WhenEachIsOpened_ThenEachShowsOnlyItsOwnPatient()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (maria, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        var (james, _) = await env.LaunchAsync(browser, "p-james-carter");

        var mariaHtml = await browser.GetStringAsync($"{env.AppUrl}/l/{maria}");
        var jamesHtml = await browser.GetStringAsync($"{env.AppUrl}/l/{james}");
        mariaHtml.ShouldContain("claim-maria-20610");
        mariaHtml.ShouldNotContain("James");
        jamesHtml.ShouldContain("James");
        jamesHtml.ShouldNotContain("claim-maria-20610");
    }

    [Fact]
    public async Task GivenLaunchForMaria_WhenUrlIsEditedToJamesClaim_ThenForbidden()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        var own = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");
        var other = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-james-90837");

        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync()).ShouldContain("20610");
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).ShouldNotContain("90837");
    }

    [Fact]
    public async Task GivenSomeoneElsesLaunchId_WhenOpenedInAnotherBrowser_ThenForbidden()
    {
        using var mine = AppEnvironment.NewBrowser(out _);
        using var theirs = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(mine, "p-maria-lopez");
        await env.LaunchAsync(theirs, "p-james-carter");

        var response = await theirs.GetAsync($"{env.AppUrl}/l/{launchId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Maria");
    }

    [Fact]
    public async Task GivenCallbackWithAlteredState_WhenReceived_Then400AndNoTokenRequest()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        var before = await env.TokenRequestCountAsync();

        var q = QueryHelpers.ParseQuery(steps.CallbackUrl.Query);
        var altered = $"{env.AppUrl}/callback/sandbox?code={Uri.EscapeDataString(q["code"]!)}&state={Uri.EscapeDataString(q["state"] + "x")}";
        var response = await browser.GetAsync(altered);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await env.TokenRequestCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task GivenCompletedLaunch_WhenCallbackIsReplayed_Then400AndNoSecondTokenRequest()
    {
        using var browser = AppEnvironment.NewBrowser(out var jar);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        // Keep the correlation cookie as a thief with the whole browser state would.
        var cookies = jar.CookiesFor(new Uri(env.AppUrl)).ToDictionary();
        await AppEnvironment.CompleteCallbackAsync(browser, steps.CallbackUrl);
        var afterFirst = await env.TokenRequestCountAsync();

        using var replay = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, steps.CallbackUrl);
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await replay.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await env.TokenRequestCountAsync()).ShouldBe(afterFirst);
    }

    [Fact]
    public async Task GivenForgedIssPointingAtAStranger_WhenLaunched_Then400AndTheStrangerIsNeverContacted()
    {
        await using var stranger = new RecordingListener();
        using var browser = AppEnvironment.NewBrowser(out _);

        var response = await browser.GetAsync($"{env.AppUrl}/launch?iss={Uri.EscapeDataString(stranger.BaseUrl + "/fhir")}&launch=abc");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("not registered");
        await Task.Delay(200);
        stranger.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/launch")]
    [InlineData("/launch?launch=abc")]
    [InlineData("/launch?iss=http%3A%2F%2F127.0.0.1%3A1%2Ffhir")]
    public async Task GivenLaunchWithoutIssOrLaunch_WhenRequested_Then400WithoutRedirect(string path)
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var response = await browser.GetAsync(env.AppUrl + path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task GivenEhrReturnsErrorWithScriptInDescription_WhenCallbackArrives_ThenMessageIsShownEscapedWithoutRedirect()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        var state = QueryHelpers.ParseQuery(steps.CallbackUrl.Query)["state"].ToString();

        var response = await browser.GetAsync($"{env.AppUrl}/callback/sandbox?error=invalid_scope&error_description={Uri.EscapeDataString("<script>alert(1)</script>")}&state={Uri.EscapeDataString(state)}");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task GivenValidCallbackOpenedInAnotherBrowser_WhenReceived_Then400AndNoTokenRequest()
    {
        using var victim = AppEnvironment.NewBrowser(out _);
        using var attacker = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(victim, "p-maria-lopez");
        var before = await env.TokenRequestCountAsync();

        var response = await attacker.GetAsync(steps.CallbackUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await env.TokenRequestCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task GivenRegisteredEhrThatIsDown_WhenLaunched_Then502PageAndNoRedirect()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var response = await browser.GetAsync($"{env.AppUrl}/launch?iss={Uri.EscapeDataString(env.OfflineFhirBase)}&launch=abc");

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("could not be reached");
    }

    [Fact]
    public async Task GivenEhrSaysNoBannerAndAnUnknownIntent_WhenLaunched_ThenNoBannerAndTheDefaultClaimsView()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (_, html) = await env.LaunchAsync(browser, "p-maria-lopez", "&need_patient_banner=false&intent=bogus");

        html.ShouldNotContain("id=\"patient-banner\"");
        html.ShouldContain("id=\"claims-table\"");
        html.ShouldContain("claim-maria-20610");
    }

    [Fact]
    public async Task GivenCompletedLaunch_WhenEverythingTheBrowserReceivedIsSearched_ThenNoTokenAndOnlySecureSameSiteNoneCookies()
    {
        using var browser = AppEnvironment.NewBrowser(out var jar);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

        await using var scope = env.AppServices.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<FhirApp.Core.Data.AppDbContext>().Launches.FindAsync(launchId);
        var protector = env.AppServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("FhirApp.Smart.Tokens.v1");
        var secrets = new[] { protector.Unprotect(stored!.AccessTokenProtected), protector.Unprotect(stored.RefreshTokenProtected!) };

        var appResponses = jar.Transcript.Where(t => t.StartsWith(env.AppUrl, StringComparison.Ordinal)).ToList();
        appResponses.ShouldNotBeEmpty();
        foreach (var secret in secrets)
        {
            jar.Transcript.ShouldAllBe(t => !t.Contains(secret, StringComparison.Ordinal));
        }
        var appCookies = appResponses.SelectMany(t => t.Split('\n')).Where(l => l.StartsWith("Set-Cookie:", StringComparison.OrdinalIgnoreCase)).ToList();
        appCookies.ShouldNotBeEmpty();
        appCookies.ShouldAllBe(c => c.Contains("samesite=none", StringComparison.OrdinalIgnoreCase)
            && c.Contains("secure", StringComparison.OrdinalIgnoreCase) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task GivenJwksEndpoint_WhenFetched_ThenPublicKeysOnlyWithCacheControl()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync($"{env.AppUrl}/.well-known/jwks.json");
        var json = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.MaxAge.ShouldNotBeNull();
        json.ShouldContain("\"kid\":\"fhirapp-rs384\"");
        json.ShouldNotContain("\"d\"");
    }
}

public sealed class ClientSecretLaunchTests(ClientSecretEnvironment env) : IClassFixture<ClientSecretEnvironment>
{
    [Fact]
    public async Task GivenRegistrationWithClientSecretBasic_WhenLaunched_ThenTheCodeIsRedeemedAndClaimsShow()
    {
        using var browser = AppEnvironment.NewBrowser(out _);

        var (_, html) = await env.LaunchAsync(browser, "p-james-carter");

        html.ShouldContain("claim-james-90837");
        (await env.TokenRequestCountAsync("authorization_code")).ShouldBe(1);
    }
}

public sealed class EhrOutageTests(DisposableEhrEnvironment env) : IClassFixture<DisposableEhrEnvironment>
{
    [Fact]
    public async Task GivenEhrGoesDownAfterLaunch_WhenClaimsAreRefreshed_ThenTheUserIsToldAndKeepsWhatWasShown()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        await env.StopSandboxAsync();
        var view = await env.ReloadClaimsAsync(launchId);

        view.Failure.ShouldNotBeNull().Kind.ShouldBe(FhirApp.Web.Claims.LoadFailureKind.Unreachable);
        view.Failure.Message.ShouldContain("could not be reached");
        view.Claims.ShouldContain(c => c.Id == "claim-maria-20610", "what was already shown stays on screen");
    }
}
