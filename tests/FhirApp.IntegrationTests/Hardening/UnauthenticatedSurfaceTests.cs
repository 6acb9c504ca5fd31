using System.Net;
using FhirApp.Core.Data;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// What anyone can reach without a launch: the home page names no EHR or practice, sign-in starts are rate-limited per
/// address, and a flood of them cannot fill the database with pending sign-ins.
/// </summary>
public sealed class UnauthenticatedSurfaceTests(UnauthenticatedSurfaceTests.RateLimitedEnvironment env) : IClassFixture<UnauthenticatedSurfaceTests.RateLimitedEnvironment>
{
    /// <summary>Five sign-in starts per hour per address.</summary>
    public sealed class RateLimitedEnvironment : AppEnvironment
    {
        protected override void ConfigureApp(IWebHostBuilder builder)
        {
            builder.UseSetting("Smart:LaunchRateLimit:PermitsPerWindow", "5");
            builder.UseSetting("Smart:LaunchRateLimit:WindowSeconds", "3600");
        }
    }

    [Fact]
    public async Task GivenTheHomePage_WhenOpenedWithoutALaunch_ThenItNamesNoRegistration()
    {
        using var http = new HttpClient();

        var home = await http.GetStringAsync(env.AppUrl + "/");

        home.ShouldContain("id=\"home-intro\"");
        foreach (var leak in new[] { "Sandbox EHR (test)", "Offline EHR", "/launch/standalone/", "data-registration", env.FhirBase })
        {
            home.ShouldNotContain(leak);
        }
    }

    [Fact]
    public async Task GivenOneAddress_WhenItStartsMoreSignInsThanTheLimit_ThenTheRestAre429AndStoreNothing()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var pendingBefore = await PendingAsync(env);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var launchUrl = $"{env.AppUrl}/launch?iss={Uri.EscapeDataString(env.FhirBase)}&launch=flood-{i}";
            statuses.Add((await browser.GetAsync(launchUrl)).StatusCode);
        }

        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.Redirect || s == HttpStatusCode.Found);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        (await PendingAsync(env)).ShouldBe(pendingBefore + 5);
    }

    internal static async Task FillToAsync(AppEnvironment env, int count)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var missing = count - await db.PendingAuthorizations.CountAsync(p => p.ExpiresAt > now);
        db.PendingAuthorizations.AddRange(Enumerable.Range(0, Math.Max(0, missing)).Select(_ => new PendingAuthorization { Id = Guid.NewGuid().ToString("N"), ExpiresAt = now.AddMinutes(10) }));
        await db.SaveChangesAsync();
    }

    internal static async Task<int> PendingAsync(AppEnvironment env)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        var now = DateTime.UtcNow;
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().PendingAuthorizations.CountAsync(p => p.ExpiresAt > now);
    }
}

/// <summary>A flood of sign-in starts from many addresses cannot fill the database: at most ten in progress here.</summary>
public sealed class PendingSignInCapTests(PendingSignInCapTests.CappedEnvironment env) : IClassFixture<PendingSignInCapTests.CappedEnvironment>
{
    public sealed class CappedEnvironment : AppEnvironment
    {
        protected override void ConfigureApp(IWebHostBuilder builder) => builder.UseSetting("Smart:LaunchRateLimit:MaxPendingSignIns", "10");
    }

    [Fact]
    public async Task GivenAsManySignInsInProgressAsAllowed_WhenAnotherStarts_ThenItIsRefusedUntilOldOnesExpire()
    {
        await using (var scope = env.AppServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.PendingAuthorizations.AddRange(Enumerable.Range(0, 10).Select(i => new PendingAuthorization
            {
                Id = $"flood-{i}-{Guid.NewGuid():N}",
                ExpiresAt = DateTime.UtcNow.AddMinutes(i < 5 ? -1 : 10), // five already expired, five still pending
            }));
            await db.SaveChangesAsync();
        }
        using var standalone = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        // Expired ones are cleared first: five in progress plus this one is under ten.
        (await standalone.GetAsync($"{env.AppUrl}/launch/standalone/sandbox")).StatusCode.ShouldBe(HttpStatusCode.Found);
        await UnauthenticatedSurfaceTests.FillToAsync(env, 10);
        var refused = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync($"{env.AppUrl}/launch/standalone/sandbox");

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many sign-ins are in progress");
        (await UnauthenticatedSurfaceTests.PendingAsync(env)).ShouldBe(10);
    }
}
