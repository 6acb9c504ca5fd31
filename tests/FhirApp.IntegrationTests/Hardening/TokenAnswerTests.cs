using System.Net;
using System.Text.RegularExpressions;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.IntegrationTests.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// The app's token requests give up after 10 s (the sandbox's delay fault waits 60 s; a normal answer comes well within
/// that even with the whole suite on two cores and nothing warmed up: 2 s was once too short there), and every log line
/// of the app is captured with its level (the app's own category filters still apply).
/// </summary>
public sealed class TokenAnswerEnvironment : AppEnvironment
{
    public CapturingLoggerProvider AppLog { get; } = new("app");

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Smart:TokenTimeoutSeconds", "10");
        builder.UseSetting("Logging:LogLevel:Default", "Information");
        builder.ConfigureLogging(logging => logging.AddProvider(AppLog));
    }
}

/// <summary>
/// Each answer a token endpoint gives, on the code exchange (the callback page) and on a refresh (the claims page), and
/// each way an id_token can be wrong: the page the user then sees. The sandbox's fault hooks make the EHR answer so.
/// </summary>
public sealed class TokenAnswerTests(TokenAnswerEnvironment env) : IClassFixture<TokenAnswerEnvironment>
{
    private const string Description = "Key <kid-7> is not in the registered JWKS";
    private const string EncodedDescription = "Key &lt;kid-7&gt; is not in the registered JWKS";

    public static TheoryData<int, string> Refusals => new()
    {
        { 400, "invalid_grant" }, { 401, "invalid_grant" }, { 403, "invalid_grant" },
        { 400, "invalid_client" }, { 401, "invalid_client" }, { 403, "invalid_client" },
        { 400, "unauthorized_client" }, { 401, "unauthorized_client" }, { 403, "unauthorized_client" },
    };

    // --- id_token checks ---

    [Theory]
    [InlineData("unsigned", "signature")]
    [InlineData("tampered", "signature")]
    [InlineData("expired", "expired")]
    [InlineData("wrong-aud", "audience")]
    [InlineData("wrong-nonce", "nonce")]
    public async Task GivenAnIdTokenThatFailsACheck_WhenTheCallbackArrives_ThenAClearPageAndNoLaunch(string fault, string check)
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, $$"""[{"kind":"id_token","idToken":"{{fault}}","pathPrefix":"/connect/token","grantType":"authorization_code"}]""");
        var launchesBefore = await LaunchCountAsync();

        var (response, page) = await CallbackAsync(browser, steps);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        page.Title.ShouldBe("The EHR&#x27;s sign-in could not be verified");
        page.Message.ShouldContain("launch FhirApp again");
        page.Details.ShouldContain($"failed FhirApp&#x27;s {check} check");
        page.Html.ShouldNotContain("IDX");
        (await LaunchCountAsync()).ShouldBe(launchesBefore, "no launch starts on an id_token that failed");
    }

    // --- the code exchange ---

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GivenTheEhrRefusesTheCodeExchange_WhenTheCallbackArrives_ThenTheRelaunchPageWithTheEhrsWords(int status, string error)
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, $$"""[{"kind":"status","pathPrefix":"/connect/token","grantType":"authorization_code","status":{{status}},"error":"{{error}}","errorDescription":"{{Description}}"}]""");
        var launchesBefore = await LaunchCountAsync();

        var (response, page) = await CallbackAsync(browser, steps);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        page.Title.ShouldBe("The EHR did not let FhirApp sign in");
        page.Message.ShouldContain("Please launch FhirApp again from the EHR.");
        page.Message.ShouldNotContain(error, Case.Sensitive, "the message is plain words; the code is in the details");
        page.Details.ShouldContain(EncodedDescription);
        page.Details.ShouldContain($"HTTP {status}, error code {error}");
        page.Html.ShouldNotContain("Message contains error");
        page.Html.ShouldNotContain("error_uri");
        page.Html.ShouldNotContain("<kid-7>");
        (await LaunchCountAsync()).ShouldBe(launchesBefore);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task GivenTheTokenEndpointFailsWith5xx_WhenTheCallbackArrives_ThenTheUnreachablePage(int status)
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, $$"""[{"kind":"status","pathPrefix":"/connect/token","grantType":"authorization_code","status":{{status}}}]""");

        var (response, page) = await CallbackAsync(browser, steps);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        page.Title.ShouldBe("The EHR could not be reached");
        page.Message.ShouldContain("is not working right now");
        page.Message.ShouldContain("launch FhirApp again from the EHR in a moment");
        page.Details.ShouldContain($"HTTP {status}.");
    }

    [Fact]
    public async Task GivenTheTokenEndpointDoesNotAnswerInTime_WhenTheCallbackArrives_ThenTheUnreachablePage()
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, """[{"kind":"delay","delayMilliseconds":60000,"pathPrefix":"/connect/token","grantType":"authorization_code"}]""");

        var (response, page) = await CallbackAsync(browser, steps);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        page.Title.ShouldBe("The EHR could not be reached");
        page.Message.ShouldContain("did not answer in time");
        page.Details.ShouldContain("no answer");
    }

    [Fact]
    public async Task GivenTheTokenEndpointAnswersSomethingThatIsNotJson_WhenTheCallbackArrives_ThenTheUnreadablePage()
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, """[{"kind":"malform","pathPrefix":"/connect/token","grantType":"authorization_code"}]""");

        var (response, page) = await CallbackAsync(browser, steps);

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        page.Title.ShouldBe("The EHR&#x27;s answer could not be read");
        page.Message.ShouldContain("launch FhirApp again");
    }

    [Fact]
    public async Task GivenARefusedCodeExchangeAndAnErrorCallback_WhenLogged_ThenAWarningWithTheCodeAndNoErrorLineQuotingTheEhr()
    {
        await SandboxFaults.ClearAsync(env);
        using var browser = AppEnvironment.NewBrowser(out _);
        var refused = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, $$"""[{"kind":"status","pathPrefix":"/connect/token","grantType":"authorization_code","status":401,"error":"invalid_client","errorDescription":"{{Description}}"}]""");
        await CallbackAsync(browser, refused);
        var errored = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        var state = QueryHelpers.ParseQuery(errored.CallbackUrl.Query)["state"].ToString();
        var crafted = await browser.GetAsync($"{env.AppUrl}/callback/sandbox?error=invalid_scope&error_description={Uri.EscapeDataString("Patient Maria Lopez DOB 1961-02-03 not allowed")}&state={Uri.EscapeDataString(state)}");

        crafted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await crafted.Content.ReadAsStringAsync()).ShouldNotContain("Message contains error");
        var lines = env.AppLog.Lines;
        lines.ShouldContain(l => l.Contains("Warning FhirApp.Web.Smart.SmartOidcEvents", StringComparison.Ordinal) && l.Contains("token-refused", StringComparison.Ordinal) && l.Contains("invalid_client", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("Warning FhirApp.Web.Smart.SmartOidcEvents", StringComparison.Ordinal) && l.Contains("authorization-error", StringComparison.Ordinal) && l.Contains("invalid_scope", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.Contains("Maria Lopez", StringComparison.Ordinal), "words from a callback URL are never logged");
        lines.ShouldNotContain(l => (l.Contains(" Error ", StringComparison.Ordinal) || l.Contains(" Critical ", StringComparison.Ordinal))
            && l.Contains("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
    }

    // --- refresh: the claims page of a launch whose access token was revoked ---

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GivenTheEhrRefusesTheRefresh_WhenTheClaimsPageLoads_ThenTheRelaunchMessageWithTheEhrsWordsAndTheLaunchEnds(int status, string error)
    {
        var (browser, launchId) = await LaunchThenRevokeAsync(
            $$"""[{"kind":"status","pathPrefix":"/connect/token","grantType":"refresh_token","status":{{status}},"error":"{{error}}","errorDescription":"{{Description}}","times":0}]""");
        using var _ = browser;

        var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");
        // The launch has ended: the next page says so again (401), with the EHR's words, and shows nothing else.
        var second = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");
        second.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        var again = await second.Content.ReadAsStringAsync();

        foreach (var page in new[] { html, again })
        {
            page.ShouldContain("data-kind=\"RelaunchRequired\"");
            page.ShouldContain("Launch FhirApp again");
            page.ShouldNotContain("Try again");
            page.ShouldContain("id=\"load-failure-details\"");
            page.ShouldContain(EncodedDescription);
            page.ShouldContain($"HTTP {status}, error code {error}");
            page.ShouldNotContain("claim-maria-20610");
        }
        (await env.StoredLaunchAsync(launchId)).Ended.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"kind":"status","status":500}""")]
    [InlineData("""{"kind":"status","status":503}""")]
    [InlineData("""{"kind":"delay","delayMilliseconds":60000}""")]
    public async Task GivenTheTokenEndpointIsDownOrSlowOnRefresh_WhenTheClaimsPageLoads_ThenUnreachableAndTheLaunchWorksOnceItAnswers(string fault)
    {
        var (browser, launchId) = await LaunchThenRevokeAsync($"[{fault[..^1]},\"pathPrefix\":\"/connect/token\",\"grantType\":\"refresh_token\",\"times\":0}}]");
        using var _ = browser;

        var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");
        (await env.StoredLaunchAsync(launchId)).Ended.ShouldBeFalse("a token endpoint that is down refused nothing");
        await SandboxFaults.ClearAsync(env);
        var recovered = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");

        html.ShouldContain("data-kind=\"Unreachable\"");
        html.ShouldContain("could not be reached");
        html.ShouldNotContain("Launch FhirApp again");
        recovered.ShouldContain("claim-maria-20610", customMessage: "once the EHR answers, the same launch goes on");
    }

    [Fact]
    public async Task GivenARefreshAnsweredWithSomethingThatIsNotJson_WhenTheClaimsPageLoads_ThenRelaunchBecauseTheRefreshTokenMayBeSpent()
    {
        var (browser, launchId) = await LaunchThenRevokeAsync("""[{"kind":"malform","pathPrefix":"/connect/token","grantType":"refresh_token","times":0}]""");
        using var _ = browser;

        var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");

        html.ShouldContain("data-kind=\"RelaunchRequired\"");
        html.ShouldContain("could not read");
        (await env.StoredLaunchAsync(launchId)).Ended.ShouldBeTrue();
    }

    /// <summary>A launch for Maria whose page was never loaded (nothing cached), the fault in place, every access token revoked.</summary>
    private async Task<(HttpClient Browser, string LaunchId)> LaunchThenRevokeAsync(string faults)
    {
        await SandboxFaults.ClearAsync(env);
        var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        var launchId = await AppEnvironment.CompleteCallbackAsync(browser, steps.CallbackUrl);
        await SandboxFaults.AddAsync(env, faults);
        using var http = new HttpClient();
        (await http.PostAsync($"{env.SandboxUrl}/_sandbox/revoke-access-tokens", null)).EnsureSuccessStatusCode();
        return (browser, launchId);
    }

    private async Task<int> LaunchCountAsync()
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FhirApp.Core.Data.AppDbContext>().Launches.CountAsync();
    }

    private static async Task<(HttpResponseMessage Response, ErrorPageContent Page)> CallbackAsync(HttpClient browser, LaunchSteps steps)
    {
        var response = await browser.GetAsync(steps.CallbackUrl);
        return (response, ErrorPageContent.Parse(await response.Content.ReadAsStringAsync()));
    }

    private sealed record ErrorPageContent(string Html, string Title, string Message, string Details)
    {
        public static ErrorPageContent Parse(string html) => new(
            html,
            Regex.Match(html, "<h1 id=\"error-title\">(.*?)</h1>").Groups[1].Value,
            Regex.Match(html, "<p id=\"error-message\">(.*?)</p>").Groups[1].Value,
            Regex.Match(html, "<details id=\"error-details\">(.*?)</details>").Groups[1].Value);
    }
}
