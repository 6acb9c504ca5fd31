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
        // Today is 2026-06-10 for deadlines: BluePeak's CO-236 (due 2026-05-07) is past its deadline and has its own tab;
        // the other four are the work. The interactive render reloads the queue: wait for its rows, not the moment it starts.
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(browser.Locator("#tab-past")).ToContainTextAsync("Past deadline (1)");
        await Assertions.Expect(browser.Locator("#money-past-deadline")).ToHaveTextAsync("$1,100.00 past deadline");
        await Assertions.Expect(browser.Locator("#money-at-stake")).ToHaveTextAsync("$725.00 at stake", new() { Timeout = 5000 }); // 250 + 185 + 195 + 95: never the passed item's dollars
        var table = await browser.Locator("#denials-table").InnerTextAsync();
        foreach (var expected in new[] { "Maria Lopez", "James Carter", "BluePeak Blue Cross", "CO-197 · Authorization", "CO-50 · Medical necessity", "PR-27 · Eligibility", "90837", "Open" })
        {
            table.ShouldContain(expected);
        }

        PlainWords.ShouldHaveNone(table);
        await ShotsAsync(browser, "denials-worklist");

        // Search, sort, filter.
        await browser.Locator(".filter-search input").FillAsync("90837");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("James Carter");
        await browser.Locator(".filter-search input").FillAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await browser.Locator("#sort-amount").ClickAsync();
        await Assertions.Expect(rows.First.Locator(".amount")).ToHaveTextAsync("$95.00");
        await browser.Locator("#sort-amount").ClickAsync();
        await Assertions.Expect(rows.First.Locator(".amount")).ToHaveTextAsync("$250.00");
        await browser.Locator("#view-week").ClickAsync(); // James's CO-50 is due 2026-06-16
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("CO-50");
        await browser.Locator("#view-all").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(4);

        // Keyboard: each row has a tab stop, and Enter on it opens that row's panel.
        await rows.Filter(new() { HasText = "CO-50" }).Locator(".open-row").FocusAsync();
        await browser.Keyboard.PressAsync("Enter");
        await Assertions.Expect(browser.Locator("#work-panel")).ToBeVisibleAsync();
        await Assertions.Expect(rows.Filter(new() { HasText = "CO-50" })).ToHaveClassAsync(new Regex("row-open"));
        (await rows.Locator(".open-row").EvaluateAllAsync<int[]>("els => els.map(e => e.tabIndex)")).ShouldAllBe(i => i >= 0);

        // Work one item from its side panel: assign it (the picker lists the practice's users) and log a payer call.
        var auth = rows.Filter(new() { HasText = "CO-197" });
        await auth.Locator(".patient").ClickAsync();
        await Assertions.Expect(browser.Locator("#work-panel")).ToBeVisibleAsync();
        // The demo's remittances were decided months before this launch first scrubbed its claims: nothing to trace to.
        await Assertions.Expect(browser.Locator("#denial-trace")).ToHaveTextAsync("Before submission: FhirApp did not check this claim before the payer decided it.");
        await PickAsync(browser, ".item-assignee", 0);
        await browser.Locator("#item-save").ClickAsync();
        await Assertions.Expect(auth.Locator(".status")).ToHaveTextAsync("Working");
        await Assertions.Expect(auth.Locator(".assignee")).Not.ToHaveTextAsync("—");
        await browser.Locator("#view-mine").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await browser.Locator("#view-all").ClickAsync();
        await browser.Locator(".note-rep input").FillAsync("Jo at Acme");
        await browser.Locator(".note-ref input").FillAsync("REF-7781");
        await browser.Locator(".note-next-step input").FillAsync("fax the retro-auth request");
        await browser.Locator("#note-add").ClickAsync();
        await Assertions.Expect(browser.Locator("#notes li.note")).ToHaveCountAsync(1);
        await Assertions.Expect(browser.Locator("#notes li.note")).ToContainTextAsync("reference REF-7781");
        await Assertions.Expect(browser.Locator("#notes li.note .note-when")).ToContainTextAsync("2026"); // a dated entry, not one run-on line
        await ShotsAsync(browser, "denials-work-panel");

        // Bulk: both PR-27 lines go to one person at once.
        await rows.Filter(new() { HasText = "PR-27" }).First.Locator(".patient").ClickAsync();
        await browser.Locator("#select-same-cause").ClickAsync();
        await PickAsync(browser, ".bulk-assignee", 0);
        await browser.Locator("#bulk-apply").ClickAsync();
        await Assertions.Expect(rows.Filter(new() { HasText = "PR-27" }).Locator(".status", new() { HasText = "Working" })).ToHaveCountAsync(2);

        // Bulk appeal letters for two denials: each line is decided first, and only the appeal gets a letter. Maria's CO-197
        // goes to a retro-authorization request (not an appeal); James's CO-50 is appealed. The saved letters download as one ZIP.
        await browser.Locator("#bulk-clear").ClickAsync();
        foreach (var reason in new[] { "CO-197", "CO-50" })
        {
            await rows.Filter(new() { HasText = reason }).First.Locator(".select-row input").CheckAsync();
        }
        await browser.Locator("#bulk-appeals").ClickAsync();
        var built = browser.Locator("#bulk-appeal-results tr.bulk-appeal");
        await Assertions.Expect(built).ToHaveCountAsync(2, new() { Timeout = 60_000 }); // reads the claims' charts from the EHR
        var maria = await built.Filter(new() { HasText = "Maria Lopez" }).InnerTextAsync();
        maria.ShouldContain("No appeal drafted. Line 2: retro-authorization request.");
        var james = await built.Filter(new() { HasText = "James Carter" }).InnerTextAsync();
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

        // Bulk write-off needs a reason; then the item leaves the work and shows in the closed view.
        await browser.Locator("#bulk-clear").ClickAsync();
        await rows.Filter(new() { HasText = "CO-197" }).Locator(".select-row input").CheckAsync();
        await PickAsync(browser, ".bulk-status", "Written off");
        await browser.Locator("#bulk-apply").ClickAsync();
        await Assertions.Expect(browser.Locator("#action-error")).ToContainTextAsync("Choose a write-off reason");
        await PickAsync(browser, ".bulk-write-off-reason", "Balance too small to work");
        await browser.Locator("#bulk-apply").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await browser.Locator("#tab-closed").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator(".status")).ToHaveTextAsync("Written off");
        await browser.Locator("#tab-past").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(browser.Locator("#past-deadline-help")).ToBeVisibleAsync();
        await ShotsAsync(browser, "denials-past-deadline");

        // The exports hold the same rows in the same words: CSV and an Excel workbook.
        (await browser.Locator("#export-csv").GetAttributeAsync("href")).ShouldNotBeNull().ShouldStartWith("data:text/csv");
        var xlsx = (await browser.Locator("#export-xlsx").GetAttributeAsync("href")).ShouldNotBeNull();
        xlsx.ShouldStartWith("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,");
        using (var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(Convert.FromBase64String(xlsx[(xlsx.IndexOf(',', StringComparison.Ordinal) + 1)..]))))
        {
            var sheet = workbook.Worksheet("Denials");
            (sheet.Cell(1, 1).GetString(), sheet.Cell(1, 4).GetString()).ShouldBe(("Patient", "Claim number"));
            sheet.Cell(2, 6).GetString().ShouldStartWith("CO-236");
            sheet.Cell(3, 1).GetString().ShouldBeEmpty("one past-deadline row in this tab");
        }

        await AxeAsync(browser);

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

    /// <summary>Picks an option of a MudSelect by its place in the list or its text.</summary>
    private static async Task PickAsync(IPage page, string select, object option)
    {
        // The bulk bar re-renders as a selection settles; a click on an input it just replaced is tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.Locator(select).Locator(".mud-select-input, .mud-input-slot").First.ClickAsync(new() { Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
        var items = page.Locator(".mud-popover-open .mud-list-item");
        var item = option is int index ? items.Nth(index) : items.Filter(new() { HasText = (string)option }).First;
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>The page at 1366 and 1024 px wide (kept as test artifacts), with no horizontal scroll at either.</summary>
    private static async Task ShotsAsync(IPage page, string name)
    {
        foreach (var width in new[] { 1366, 1024 })
        {
            await page.SetViewportSizeAsync(width, 768);
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, $"browser-{name}-{width}.png"), FullPage = true });
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .ShouldBeTrue($"{name} scrolls sideways at {width} px");
        }

        await page.SetViewportSizeAsync(1366, 768);
    }

    /// <summary>axe-core on the page as it stands: no serious or critical violation.</summary>
    internal static async Task AxeAsync(IPage page)
    {
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        bad.ShouldBeEmpty(string.Join("\n", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
