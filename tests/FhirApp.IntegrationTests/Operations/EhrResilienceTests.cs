using System.Net;
using System.Text;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Operations;

/// <summary>Fast retries (50 ms backoff) and a circuit that does not open within a few failures.</summary>
public sealed class EhrRetryEnvironment : AppEnvironment
{
    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Ehr:Resilience:MaxRetries", "2");
        builder.UseSetting("Ehr:Resilience:RetryBaseDelayMilliseconds", "50");
        builder.UseSetting("Ehr:Resilience:CircuitMinimumThroughput", "1000");
    }
}

/// <summary>A circuit that opens once 4 attempts in 60 s are half failures, and stays open for 10 minutes.</summary>
public sealed class EhrCircuitEnvironment : AppEnvironment
{
    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Ehr:Resilience:MaxRetries", "2");
        builder.UseSetting("Ehr:Resilience:RetryBaseDelayMilliseconds", "50");
        builder.UseSetting("Ehr:Resilience:CircuitMinimumThroughput", "4");
        builder.UseSetting("Ehr:Resilience:CircuitFailureRatio", "0.5");
        builder.UseSetting("Ehr:Resilience:CircuitSamplingSeconds", "60");
        builder.UseSetting("Ehr:Resilience:CircuitBreakSeconds", "600");
    }
}

internal static class SandboxFaults
{
    public static async Task AddAsync(AppEnvironment env, string json)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{env.SandboxUrl}/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    public static async Task ClearAsync(AppEnvironment env)
    {
        using var http = new HttpClient();
        (await http.DeleteAsync($"{env.SandboxUrl}/_sandbox/faults")).IsSuccessStatusCode.ShouldBeTrue();
    }

    public static async Task<int> PendingAsync(AppEnvironment env)
    {
        using var http = new HttpClient();
        return System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{env.SandboxUrl}/_sandbox/faults")).RootElement.GetArrayLength();
    }

    /// <summary>FHIR requests the sandbox received (its journal): data and batch calls, not discovery or tokens.</summary>
    public static async Task<int> FhirCallsAsync(AppEnvironment env) =>
        (await env.SandboxJournalAsync()).Select(e => e.GetProperty("path").GetString() ?? "")
            .Count(p => p == "/fhir" || (p.StartsWith("/fhir/", StringComparison.Ordinal) && !p.StartsWith("/fhir/.well-known", StringComparison.Ordinal)));

    /// <summary>Drops the launch's fresh cache entry, as if its two minutes had passed: the next page view reads the EHR.</summary>
    public static async Task ExpireCachedClaimsAsync(AppEnvironment env, string launchId)
    {
        var session = await env.StoredLaunchAsync(launchId);
        var launch = await env.AppServices.GetRequiredService<LaunchStore>().GetAsync(launchId, session.SessionId, CancellationToken.None);
        env.AppServices.GetRequiredService<PatientClaimsService>().Forget(launch.ShouldNotBeNull());
    }
}

public sealed class EhrRetryTests(EhrRetryEnvironment env) : IClassFixture<EhrRetryEnvironment>
{
    [Fact]
    public async Task GivenTheFirstFhirCallAnswers503_WhenTheClaimsPageLoads_ThenTheReadIsRetriedAndTheClaimsShow()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var steps = await env.StartEhrLaunchAsync(browser, "p-maria-lopez");
        var launchId = await AppEnvironment.CompleteCallbackAsync(browser, steps.CallbackUrl);
        await SandboxFaults.AddAsync(env, """[{"kind":"status","status":503,"pathPrefix":"/fhir","times":1}]""");
        try
        {
            var callsBefore = await SandboxFaults.FhirCallsAsync(env);

            var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");

            (await SandboxFaults.PendingAsync(env)).ShouldBe(0, "the 503 was served");
            html.ShouldContain("claim-maria-20610");
            html.ShouldNotContain("id=\"load-failure\"");
            html.ShouldNotContain("id=\"ehr-unreachable\"");
            // The 503'd request went out again: one more FHIR call than the load needs.
            var calls = await SandboxFaults.FhirCallsAsync(env) - callsBefore;
            calls.ShouldBeGreaterThanOrEqualTo(2);
        }
        finally
        {
            await SandboxFaults.ClearAsync(env);
        }
    }

    [Fact]
    public async Task GivenClaimsLoadedOnce_WhenTheEhrAnswers500ToEverythingAndThePageIsReloaded_ThenTheBannerShowsWithThePreviousClaims()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, first) = await env.LaunchAsync(browser, "p-maria-lopez");
        first.ShouldContain("claim-maria-20610");
        await SandboxFaults.AddAsync(env, """[{"kind":"status","status":500,"pathPrefix":"/fhir","times":0}]""");
        try
        {
            await SandboxFaults.ExpireCachedClaimsAsync(env, launchId);

            var html = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");
            var claimPage = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610");

            html.ShouldContain("id=\"ehr-unreachable\"");
            html.ShouldMatch(@"The EHR is unreachable; showing what was loaded at \d\d:\d\d");
            html.ShouldContain("claim-maria-20610", customMessage: "the claims already shown stay");
            claimPage.ShouldContain("id=\"ehr-unreachable\"");
            claimPage.ShouldContain("claim-maria-20610");
        }
        finally
        {
            await SandboxFaults.ClearAsync(env);
        }
    }
}

public sealed class EhrCircuitTests(EhrCircuitEnvironment env) : IClassFixture<EhrCircuitEnvironment>
{
    [Fact]
    public async Task GivenTheEhrFailsEveryCall_WhenClaimsAreReloadedRepeatedly_ThenTheCircuitOpensAndFewerCallsReachTheEhrThanReloads()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        await SandboxFaults.AddAsync(env, """[{"kind":"status","status":500,"pathPrefix":"/fhir","times":0}]""");
        try
        {
            var callsBefore = await SandboxFaults.FhirCallsAsync(env);
            const int reloads = 8;
            var views = new List<PatientClaimsView>();
            for (var i = 0; i < reloads; i++)
            {
                views.Add(await env.ReloadClaimsAsync(launchId));
            }

            var calls = await SandboxFaults.FhirCallsAsync(env) - callsBefore;
            // Without a breaker: 3 attempts per reload (24 calls). With it: a few, then every reload fails fast.
            calls.ShouldBeLessThan(reloads, $"{calls} FHIR calls reached the EHR for {reloads} reloads");
            calls.ShouldBeGreaterThan(0);
            views.ShouldAllBe(v => v.Failure != null && v.Failure.Kind == LoadFailureKind.Unreachable && v.Stale);
            views.ShouldAllBe(v => v.Claims.Any(c => c.Id == "claim-maria-20610"));
        }
        finally
        {
            await SandboxFaults.ClearAsync(env);
        }
    }
}
