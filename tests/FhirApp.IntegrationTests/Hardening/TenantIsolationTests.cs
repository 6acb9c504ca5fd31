using System.IO.Compression;
using System.Net;
using FhirApp.IntegrationTests.Infrastructure;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// A user launched in practice A reaches nothing of practice B: not through A's pages, not by putting B's claim ids into
/// A's URLs, not by opening B's launch with A's cookies, not through the letter downloads.
/// </summary>
[Collection(HardeningEnvironmentGroup.Name)]
public sealed class TenantIsolationTests(HardeningEnvironment env)
{
    [Fact]
    public async Task GivenPracticeBData_WhenPracticeAUserOpensAPagesAndDownloads_ThenOnlyAsOwnDataShows()
    {
        await env.SeedAsync();
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launch, _) = await env.LaunchPracticeAsync(browser);

        // Each page shows A's own row (so the page does render stored data) and nothing of B's.
        foreach (var (page, own) in new[] { ("denials", HardeningEnvironment.OwnClaim), ("dashboard", null), ("jobs", $"run {HardeningEnvironment.OwnMarker}"), ("model", $"trigger {HardeningEnvironment.OwnMarker}"), ("queue", null) })
        {
            var (status, body) = await GetAsync(browser, $"/l/{launch}/{page}");
            status.ShouldBe(HttpStatusCode.OK, page);
            body.ShouldNotContain(HardeningEnvironment.OtherMarker, Case.Insensitive, page);
            if (own is not null)
            {
                body.ShouldContain(own, Case.Sensitive, page);
            }
        }

        var csv = await CsvExportAsync(browser, launch);
        csv.ShouldNotContain(HardeningEnvironment.OtherMarker, Case.Insensitive);
    }

    [Fact]
    public async Task GivenPracticeBClaimIds_WhenPutIntoPracticeAUrls_ThenNothingOfBIsServed()
    {
        await env.SeedAsync();
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launch, _) = await env.LaunchPracticeAsync(browser);
        var claim = Uri.EscapeDataString(HardeningEnvironment.OtherClaim);

        foreach (var path in new[] { $"/l/{launch}/claims/{claim}", $"/l/{launch}/claims/{claim}/appeal" })
        {
            var (_, body) = await GetAsync(browser, path);
            body.ShouldNotContain(HardeningEnvironment.OtherMarker + "</", Case.Insensitive, path); // the id may be echoed from the URL, B's data may not
            body.ShouldNotContain($"letter {HardeningEnvironment.OtherMarker}", Case.Insensitive, path);
            body.ShouldNotContain($"note {HardeningEnvironment.OtherMarker}", Case.Insensitive, path);
        }

        var pdf = await browser.GetAsync($"{env.AppUrl}/l/{launch}/claims/{claim}/appeal.pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var zip = await browser.GetAsync($"{env.AppUrl}/l/{launch}/appeals.zip?claim={claim}&claim={Uri.EscapeDataString(HardeningEnvironment.OwnClaim)}");
        zip.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        archive.Entries.ShouldBeEmpty("B's letter is B's; A's own seeded claim is not in A's EHR either, so its letter is not served without the claim");
    }

    [Fact]
    public async Task GivenPracticeBLaunchId_WhenOpenedWithPracticeACookies_ThenEveryPageAndDownloadIsForbidden()
    {
        await env.SeedAsync();
        using var browser = AppEnvironment.NewBrowser(out _);
        await env.LaunchPracticeAsync(browser);
        var other = await env.StoreOtherPracticeLaunchAsync();
        var claim = Uri.EscapeDataString(HardeningEnvironment.OtherClaim);

        foreach (var path in new[] { "", "/queue", "/denials", "/dashboard", "/jobs", "/model", $"/claims/{claim}", $"/claims/{claim}/appeal" })
        {
            var (status, body) = await GetAsync(browser, $"/l/{other}{path}");
            status.ShouldBe(HttpStatusCode.Forbidden, path);
            body.ShouldNotContain(HardeningEnvironment.OtherMarker + "</", Case.Insensitive, path);
            body.ShouldNotContain($"run {HardeningEnvironment.OtherMarker}", Case.Insensitive, path);
        }

        (await browser.GetAsync($"{env.AppUrl}/l/{other}/claims/{claim}/appeal.pdf")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetAsync($"{env.AppUrl}/l/{other}/appeals.zip?claim={claim}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(env.AppUrl + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The dashboard's "Export CSV" link (a data: URL built on the server), decoded.</summary>
    private async Task<string> CsvExportAsync(HttpClient browser, string launch)
    {
        var (_, body) = await GetAsync(browser, $"/l/{launch}/dashboard");
        var match = System.Text.RegularExpressions.Regex.Match(body, "href=\"data:text/csv;charset=utf-8,([^\"]*)\"[^>]*id=\"export-csv\"|id=\"export-csv\"[^>]*href=\"data:text/csv;charset=utf-8,([^\"]*)\"");
        match.Success.ShouldBeTrue("the dashboard offers its CSV export");
        var csv = Uri.UnescapeDataString(WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value));
        csv.ShouldContain(","); // a real CSV, not an empty link
        return csv;
    }
}
