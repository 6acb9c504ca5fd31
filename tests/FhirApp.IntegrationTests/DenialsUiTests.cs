using System.Text.RegularExpressions;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>
/// The demo practice's EOBs and ClaimResponses go through the denials intake (as the poller hands them over), then a
/// biller works the queue and opens the dashboard in Chromium, from a practice launch of the sandbox EHR.
/// </summary>
public sealed partial class DenialsUiTests(DenialsEnvironment env) : IClassFixture<DenialsEnvironment>
{
    [Fact]
    public async Task GivenDemoAdjudicationsStoredThroughTheSink_WhenTheBillerWorksTheQueue_ThenDenialsShowTriagedAndTheDashboardCountsThem()
    {
        var page = FhirResourceReader.ReadDirectory(Path.Combine(RepoPaths.Fixtures, "demo")).Resources
            .Where(r => r is ExplanationOfBenefit or ClaimResponse).ToList();
        var sink = env.AppServices.GetRequiredService<IAdjudicationSink>();
        (await sink.StoreAsync("sandbox", "test:fhir-fixtures/demo", page, CancellationToken.None)).DenialLines.ShouldBe(5);

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var browser = await chromium.NewPageAsync();
        await browser.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await browser.WaitForURLAsync(LaunchUrl());
        var launch = LaunchUrl().Match(browser.Url).Groups[1].Value;
        await browser.GotoAsync($"{env.AppUrl}/l/{launch}/denials");
        await browser.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var rows = browser.Locator("#denials-table tbody tr");
        // The interactive render reloads the queue: wait for its rows, not the moment it starts.
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        var table = await browser.Locator("#denials-table").InnerTextAsync();
        foreach (var expected in new[] { "CO-197", "CO-236", "CO-50", "PR-27", "authorization", "medical-necessity", "front-desk", "auth", "documentation" })
        {
            table.ShouldContain(expected);
        }

        // Work one item: assign it and log a payer call.
        var auth = rows.Filter(new() { HasText = "CO-197" });
        await auth.Locator("button.work-item").ClickAsync();
        // The demo's remittances were decided months before this launch first scrubbed its claims: nothing to trace to.
        (await browser.Locator("#denial-trace").InnerTextAsync()).ShouldBe("Before submission: FhirApp did not check this claim before the payer decided it.");
        await browser.Locator(".item-assignee input").FillAsync("Ana (auth team)");
        await browser.Locator("#item-save").ClickAsync();
        await auth.Locator(".assignee", new() { HasText = "Ana (auth team)" }).WaitForAsync();
        await browser.Locator(".note-rep input").FillAsync("Jo at Acme");
        await browser.Locator(".note-ref input").FillAsync("REF-7781");
        await browser.Locator(".note-next-step input").FillAsync("fax the retro-auth request");
        await browser.Locator("#note-add").ClickAsync();
        (await browser.Locator("#notes li.note").InnerTextAsync()).ShouldContain("REF-7781");

        // Bulk: both PR-27 lines go to the front desk at once.
        await rows.Filter(new() { HasText = "PR-27" }).First.Locator("button.work-item").ClickAsync();
        await browser.Locator("#select-same-cause").ClickAsync();
        await browser.Locator(".bulk-assignee input").FillAsync("Front desk");
        await browser.Locator("#bulk-apply").ClickAsync();
        await browser.Locator("#denials-table tbody tr .assignee", new() { HasText = "Front desk" }).Nth(1).WaitForAsync();
        (await browser.Locator(".item-assignee input").InputValueAsync()).ShouldBe("Front desk", "the open item shows the bulk change");
        await browser.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-denials-queue.png"), FullPage = true });

        // Bulk appeal packets for two denials: each line is decided first, and only the appeal gets a letter. Maria's CO-197
        // goes to a retro-authorization request (not an appeal); James's CO-50 is appealed. The saved letters download as one ZIP.
        await browser.Locator("#bulk-clear").ClickAsync();
        foreach (var reason in new[] { "CO-197", "CO-50" })
        {
            await rows.Filter(new() { HasText = reason }).First.Locator(".select-row input").CheckAsync();
        }
        await browser.Locator("#bulk-appeals").ClickAsync();
        var built = browser.Locator("#bulk-appeal-results tr.bulk-appeal");
        await built.Nth(1).WaitForAsync();
        var maria = await built.Filter(new() { HasText = "claim-maria-20610" }).InnerTextAsync();
        maria.ShouldContain("No appeal drafted. Line 2: retro-authorization request.");
        var james = await built.Filter(new() { HasText = "claim-james-90837" }).InnerTextAsync();
        james.ShouldContain("Drafted. Line 1: appeal.");
        var download = await browser.RunAndWaitForDownloadAsync(() => browser.Locator("#bulk-appeals-zip").ClickAsync());
        var zipPath = Path.Combine(Path.GetTempPath(), $"appeals-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zipPath);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(zipPath))
        {
            zip.Entries.Select(e => e.Name).ShouldBe(["appeal-claim-james-90837.pdf"]);
            zip.Entries.ShouldAllBe(e => e.Length > 1000);
        }
        File.Delete(zipPath);

        await browser.GotoAsync($"{env.AppUrl}/l/{launch}/dashboard");
        await browser.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await browser.Locator("#claims-denied").InnerTextAsync()).ShouldBe("4");
        (await browser.Locator("#trace-not-checked").InnerTextAsync()).ShouldNotBe("0", "every open demo denial was decided before FhirApp saw its claim");
        (await browser.Locator("#trace-not-warned").InnerTextAsync()).ShouldBe("0");
        (await browser.Locator("#by-payer").InnerTextAsync()).ShouldContain("BluePeak Blue Cross");
        (await browser.Locator("#by-procedure").InnerTextAsync()).ShouldContain("90837"); // the denied line of eob-james-90837
        (await browser.Locator("#export-csv").GetAttributeAsync("href")).ShouldNotBeNull().ShouldStartWith("data:text/csv");
        await browser.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-denials-dashboard.png"), FullPage = true });
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
