using System.Net;
using System.Text.RegularExpressions;
using FhirApp.Core.Audit;
using FhirApp.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>
/// The audit trail end to end: a launch reads claims and overrides a finding in the browser, the trail names who,
/// which launch and which resource; only the practice owner exports it. And no PHI reaches either host's log.
/// </summary>
public sealed partial class AuditTrailTests(AuditEnvironment env) : IClassFixture<AuditEnvironment>
{
    private const string Claim = "claim-maria-20610";
    private const string NonOwner = "Practitioner/pr-emily-chen";

    [Fact]
    public async Task GivenALaunchThatReadsClaimsAndOverridesAFinding_WhenTheTrailIsQueried_ThenItHasTheReadsAndTheChangeWithUserLaunchAndResource()
    {
        await using var chromium = await Chromium.StartAsync();
        var launchId = await OverrideInBrowserAsync(chromium.Browser, Claim, "filing.limit-passed", "Audit: payer confirmed timely filing by phone");

        var trail = env.AppServices.GetRequiredService<AuditTrail>();
        var entries = (await trail.QueryAsync(new AuditQuery("sandbox") { Take = 1000 }, CancellationToken.None)).Entries.Where(e => e.LaunchId == launchId).ToList();
        entries.ShouldAllBe(e => e.User == AppEnvironment.OwnerUser && e.Tenant == "sandbox");
        entries.ShouldAllBe(e => e.ClientAddress == "127.0.0.1", "every entry of the launch names the address it was launched from");
        entries.ShouldContain(e => e.Action == AuditAction.Read && e.What == "Patient/p-maria-lopez" && e.Purpose == "view-claims" && e.Patient == "Patient/p-maria-lopez");
        entries.ShouldContain(e => e.Action == AuditAction.Read && e.What == $"Claim/{Claim}" && e.Patient == "Patient/p-maria-lopez" && e.Outcome == AuditOutcome.Success);
        var change = entries.Where(e => e.Action == AuditAction.Create).ShouldHaveSingleItem();
        (change.What, change.Purpose, change.Outcome).ShouldBe(($"Claim/{Claim}", "finding-override", AuditOutcome.Success));
        entries.ShouldAllBe(e => !e.Purpose.Contains("phone")); // the reason stays in the override row
    }

    [Fact]
    public async Task GivenTheOwnerAndAnotherUser_WhenEachAsksForTheAuditTrail_ThenTheOwnerGetsAuditEventsAndTheOtherA403WithoutData()
    {
        using var owner = AppEnvironment.NewBrowser(out _);
        var (ownerLaunch, _) = await env.LaunchAsync(owner, "p-maria-lopez");
        (await owner.GetAsync($"{env.AppUrl}/l/{ownerLaunch}/claims/{Claim}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The trail covers the whole practice: from a patient's chart even the owner is sent to the practice launch.
        (await owner.GetAsync($"{env.AppUrl}/l/{ownerLaunch}/audit/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var fromChart = await owner.GetAsync($"{env.AppUrl}/l/{ownerLaunch}/audit");
        fromChart.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await fromChart.Content.ReadAsStringAsync()).ShouldContain("id=\"needs-practice-launch\"");
        var (practiceLaunch, _) = await env.LaunchPracticeAsync(owner);

        var export = await owner.GetAsync($"{env.AppUrl}/l/{practiceLaunch}/audit/export");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(await export.Content.ReadAsStringAsync());
        bundle.Type.ShouldBe(Bundle.BundleType.Collection);
        var events = bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
        events.Count.ShouldBe(bundle.Entry.Count);
        var claimRead = events.First(e => e.Entity.Any(x => x.What?.Reference == $"Claim/{Claim}")
            && e.Entity.Any(x => x.What?.Identifier?.Value == ownerLaunch));
        (claimRead.Action, claimRead.Agent.Single().Who!.Reference, claimRead.Agent.Single().Requestor).ShouldBe((AuditEvent.AuditEventAction.R, AppEnvironment.OwnerUser, (bool?)true));
        claimRead.Entity.ShouldContain(x => x.What!.Reference == "Patient/p-maria-lopez");
        claimRead.Agent.Single().Network!.Address.ShouldBe("127.0.0.1");

        var ndjson = await owner.GetStringAsync($"{env.AppUrl}/l/{practiceLaunch}/audit/export?_format=ndjson&from={Uri.EscapeDataString("2026-01-01T00:00:00+00:00")}");
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => new FhirJsonDeserializer().DeserializeResource(line) is AuditEvent);
        var page = await owner.GetStringAsync($"{env.AppUrl}/l/{practiceLaunch}/audit");
        page.ShouldContain("id=\"audit-entries\"");
        page.ShouldContain($"Claim/{Claim}");

        using var other = AppEnvironment.NewBrowser(out _);
        var (otherLaunch, _) = await env.LaunchAsync(other, "p-maria-lopez", $"&user={Uri.EscapeDataString(NonOwner)}");
        (await other.GetAsync($"{env.AppUrl}/l/{otherLaunch}/audit/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var refused = await other.GetAsync($"{env.AppUrl}/l/{otherLaunch}/audit");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        refusedHtml.ShouldContain("id=\"audit-owner-only\"");
        refusedHtml.ShouldNotContain("audit-entries");
        refusedHtml.ShouldNotContain($"Claim/{Claim}");
        // A session without the launch gets nothing either.
        using var stranger = new HttpClient();
        (await stranger.GetAsync($"{env.AppUrl}/l/{practiceLaunch}/audit/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var denied = (await env.AppServices.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery("sandbox") { User = NonOwner }, CancellationToken.None)).Entries;
        denied.ShouldContain(e => e.What == "AuditEvent" && e.Outcome == AuditOutcome.Denied && e.LaunchId == otherLaunch);
    }

    [Fact]
    public async Task GivenTheEndToEndScenario_WhenAllLogOutputOfAppAndSandboxIsScanned_ThenNoFixturePatientsNameBirthDateOrIdentifierAppearsAndNoErrorIsLogged()
    {
        var scanner = PhiScanner.FromFixtures();
        scanner.Terms.ShouldContain(("name", "Lopez"));
        scanner.Terms.ShouldContain(("birth date", "04/12/1968"));
        scanner.Terms.ShouldContain(("identifier", "RO-100234"));
        scanner.Terms.ShouldContain(("member id", "ACM448812307"));

        // Launch, claims list, claim page, an override (browser); the appeal page, a practice launch's queue and the denials (HTTP).
        await using (var chromium = await Chromium.StartAsync())
        {
            await OverrideInBrowserAsync(chromium.Browser, "claim-maria-followup", "modifiers.25-missing", "Scan: separate E/M documented");
        }
        using (var http = AppEnvironment.NewBrowser(out _))
        {
            var (launchId, _) = await env.LaunchAsync(http, "p-james-carter");
            (await http.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-james-90837/appeal")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync($"{env.AppUrl}/l/{launchId}/claims/claim-maria-20610")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var (practice, _) = await env.LaunchPracticeAsync(http);
            (await http.GetAsync($"{env.AppUrl}/l/{practice}/denials")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync($"{env.AppUrl}/l/{practice}/claims/claim-robert-pending")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var app = env.AppLog.Lines;
        var sandbox = env.SandboxLog.Lines;
        // Not vacuous: both hosts logged the scenario (the app its FHIR loads, the sandbox its start and token work).
        app.Count.ShouldBeGreaterThanOrEqualTo(20, "the app's log must hold the scenario");
        app.ShouldContain(l => l.Contains("FHIR load for launch", StringComparison.Ordinal));
        sandbox.Count.ShouldBeGreaterThanOrEqualTo(5, "the sandbox's log must hold the scenario");
        File.WriteAllLines(Path.Combine(RepoPaths.Artifacts, "phi-scan-log.txt"), app.Concat(sandbox));
        var leaks = scanner.Find(app.Concat(sandbox));
        leaks.ShouldBeEmpty(string.Join('\n', leaks.Take(20)));
        // Nor an error: an error logged on every page (antiforgery over plain http, once) drowns the real ones.
        app.Where(l => l.StartsWith("app Error", StringComparison.Ordinal) || l.StartsWith("app Critical", StringComparison.Ordinal)).ShouldBeEmpty();

        // The scan catches a leak: a patient's name and birth date logged through the app's own logging.
        env.AppServices.GetRequiredService<ILoggerFactory>().CreateLogger("FhirApp.Canary").LogInformation("Loaded {Name}, born {Born}", "Maria Lopez", "04/12/1968");
        var caught = scanner.Find(env.AppLog.Lines);
        caught.Count.ShouldBe(3); // Maria, Lopez, the birth date
        caught.ShouldAllBe(l => l.Contains("FhirApp.Canary", StringComparison.Ordinal));
    }

    /// <summary>Launches for Maria in Chromium as the sandbox's default user (the owner), opens her claim and overrides one finding.</summary>
    private async Task<string> OverrideInBrowserAsync(IBrowser browser, string claim, string rule, string reason)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez");
        await page.WaitForURLAsync(LaunchUrl());
        var launchId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.Locator($"tr.claim-row[data-claim-id='{claim}']").WaitForAsync();
        await page.GotoAsync(page.Url + $"/claims/{claim}");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var finding = page.Locator($".finding[data-rule='{rule}']").First;
        await finding.Locator("button.override").ClickAsync();
        await finding.Locator(".override-reason input").FillAsync(reason);
        await finding.Locator("button.override-confirm").ClickAsync();
        await finding.Locator(".override-note").WaitForAsync();
        await page.Context.CloseAsync();
        return launchId;
    }

    private sealed class Chromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public static async Task<Chromium> StartAsync()
        {
            var playwright = await Playwright.CreateAsync();
            return new Chromium(playwright, await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs }));
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [GeneratedRegex("/l/[A-Za-z0-9_-]+$")]
    private static partial Regex LaunchUrl();
}
