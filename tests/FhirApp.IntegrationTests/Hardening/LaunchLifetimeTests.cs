using System.Net;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// A launch lives as long as it is used and the EHR allows it, and no longer: refused means gone (nothing cached is shown
/// again), an idle or old launch ends, and an ended launch keeps no token.
/// </summary>
public sealed class LaunchLifetimeTests(LaunchLifetimeTests.LifetimeEnvironment env) : IClassFixture<LaunchLifetimeTests.LifetimeEnvironment>
{
    /// <summary>Its own EHR (the tests inject refusals) and database.</summary>
    public sealed class LifetimeEnvironment : AppEnvironment;

    [Fact]
    public async Task GivenALoadedChart_WhenTheEhrAnswers403_ThenTheCachedRecordIsDroppedAndNothingOfItIsShownAgain()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, html) = await env.LaunchAsync(browser, "p-maria-lopez");
        html.ShouldContain("claim-maria-20610");
        await FaultsAsync("""[{"kind":"status","status":403,"pathPrefix":"/fhir","times":0}]""");
        try
        {
            var refused = await env.ReloadClaimsAsync(launchId);

            refused.Failure.ShouldNotBeNull().Kind.ShouldBe(LoadFailureKind.Refused);
            refused.Claims.ShouldBeEmpty();
            refused.Stale.ShouldBeFalse("the record read before the refusal is not shown, not even marked stale");
            env.AppServices.GetRequiredService<LaunchDataCache>().LastGood<PatientClaimsView>(launchId).ShouldBeNull();
            var page = await browser.GetStringAsync($"{env.AppUrl}/l/{launchId}");
            page.ShouldContain("id=\"load-failure\"");
            page.ShouldNotContain("claim-maria-20610");
        }
        finally
        {
            using var http = new HttpClient();
            await http.DeleteAsync($"{env.SandboxUrl}/_sandbox/faults");
        }
    }

    [Fact]
    public async Task GivenALaunchUnusedLongerThanTheIdleLimit_WhenOpened_ThenItHasEndedItsTokensAreErasedAndThePageOnlyOffersARelaunch()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        await SetStoredAsync(launchId, lastUsedHoursAgo: 3); // the idle limit is 2 hours

        var response = await browser.GetAsync($"{env.AppUrl}/l/{launchId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("data-kind=\"RelaunchRequired\"");
        page.ShouldNotContain("claim-maria");
        var stored = await env.StoredLaunchAsync(launchId);
        (stored.Ended, stored.AccessTokenProtected, stored.RefreshTokenProtected).ShouldBe((true, "", (string?)null));
        (await browser.GetAsync($"{env.AppUrl}/l/{launchId}/denials")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GivenLaunchesIdleOrOpenTooLong_WhenSwept_ThenTheirTokensAreErasedAndALaunchInUseKeepsItsOwn()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (idle, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        var (old, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        var (inUse, _) = await env.LaunchAsync(browser, "p-maria-lopez");
        await SetStoredAsync(idle, lastUsedHoursAgo: 3);
        await SetStoredAsync(old, createdHoursAgo: 13);

        await env.AppServices.GetRequiredService<LaunchStore>().SweepAsync(CancellationToken.None);

        foreach (var ended in new[] { idle, old })
        {
            var stored = await env.StoredLaunchAsync(ended);
            (stored.Ended, stored.AccessTokenProtected, stored.RefreshTokenProtected).ShouldBe((true, "", (string?)null), ended == idle ? "idle" : "old");
        }
        var kept = await env.StoredLaunchAsync(inUse);
        kept.Ended.ShouldBeFalse();
        kept.AccessTokenProtected.ShouldNotBeEmpty();
    }

    private async Task SetStoredAsync(string launchId, int lastUsedHoursAgo = 0, int createdHoursAgo = 0)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var launch = await db.Launches.SingleAsync(l => l.Id == launchId);
        var now = DateTime.UtcNow;
        launch.LastUsedAt = now.AddHours(-lastUsedHoursAgo);
        launch.CreatedAt = now.AddHours(-createdHoursAgo);
        await db.SaveChangesAsync();
    }

    private async Task FaultsAsync(string json)
    {
        using var http = new HttpClient();
        (await http.PostAsync($"{env.SandboxUrl}/_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }
}
