using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.SandboxEhr.Fhir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace FhirApp.IntegrationTests;

/// <summary>
/// The appeal flow in the browser against the sandbox EHR: a biller opens James Carter's denied 90837 claim, whose note
/// lacks the session's start and end times; asks Dr. Kim; Dr. Kim opens the request from his EHR inbox and answers
/// it; the addendum appends to the original note, the Task completes, and the biller's appeal now quotes the times,
/// downloads as a PDF carrying the quotes, is filed in the chart as a DocumentReference (which is not sending it),
/// exported for the payer's portal, and counted as sent only with the portal's confirmation.
/// </summary>
public sealed partial class AppealsUiTests(AppealsEnvironment env) : IClassFixture<AppealsEnvironment>
{
    private const string Claim = "claim-james-90837";
    private const string Clinician = "Practitioner/pr-david-kim";
    private const string OriginalNote = "DocumentReference/doc-james-90837-note";
    private const string TimesQuestion = "Document the start and end times of the 2026-03-03 psychotherapy session billed as 90837.";

    [Fact]
    public async Task GivenMissingSessionTimes_WhenTheClinicianAnswersTheRequest_ThenTheAddendumAppendsTheNoteAndTheAppealQuotesIt()
    {
        await using var browser = await Browser.StartAsync();

        // The biller: the criterion is missing, and the request goes to the rendering clinician.
        var biller = await browser.NewPageAsync();
        await biller.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-james-carter");
        await biller.WaitForURLAsync(LaunchUrl());
        var billerLaunch = biller.Url;
        await OpenAppealAsync(biller, billerLaunch);
        var times = biller.Locator(".criterion[data-criterion='session-times']");
        (await times.GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("missing");
        (await biller.Locator(".criterion[data-criterion='session-content']").GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("found");
        // The 2026-03-03 session is months old on the wall clock: the request warns that an addendum now is a late entry.
        (await times.Locator(".late-entry-warning").InnerTextAsync()).ShouldContain("an addendum now is a late entry");
        (await biller.Locator(".decision[data-line='1'] .decision-action").InnerTextAsync()).ShouldContain("ask the clinician");
        await times.Locator("button.request-addendum").ClickAsync();
        var asked = times.Locator(".addendum-request");
        await asked.WaitForAsync();
        (await asked.GetAttributeAsync("data-status")).ShouldBe("requested");
        (await asked.InnerTextAsync()).ShouldContain(TimesQuestion);

        var task = OpenTasks(TimesQuestion).ShouldHaveSingleItem();
        References(task, "owner").ShouldBe([Clinician]);
        References(task, "focus").ShouldBe(["Claim/" + Claim]);
        References(task, "for").ShouldBe(["Patient/p-james-carter"]);

        // The clinician: from his EHR inbox, launched with the Task as context, straight to the request.
        var clinician = await browser.NewPageAsync();
        await clinician.GotoAsync($"{env.SandboxUrl}/ehr?user={Uri.EscapeDataString(Clinician)}");
        await clinician.Locator($"a.launch-task[data-client='{AppEnvironment.ClientId}'][data-task='Task/{task.Id}']").ClickAsync();
        // The app opens the Task from the launch's fhirContext (a redirect while prerendering, or a client-side navigation).
        await clinician.Locator("#addendum-question").WaitForAsync();
        clinician.Url.ShouldEndWith("/tasks/" + task.Id);
        await clinician.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        (await clinician.Locator("#addendum-question").InnerTextAsync()).ShouldBe(TimesQuestion);
        (await clinician.Locator("#late-entry-warning").InnerTextAsync()).ShouldContain("It is labelled as one, with the date it is written");
        (await clinician.Locator("#original-note").InnerTextAsync()).ShouldContain("PSYCHOTHERAPY PROGRESS NOTE");
        // The clinician reads people and the claim in words: no Practitioner/…, Claim/… or DocumentReference/… ids.
        PlainWords.ShouldHaveNone(await clinician.Locator(".mud-main-content").InnerTextAsync());
        await clinician.Locator(".addendum-text textarea").FillAsync("Session start time 2:02 PM, end time 3:00 PM (58 minutes).");
        await clinician.Locator("#addendum-submit").ClickAsync();
        await clinician.Locator("#addendum-done").WaitForAsync();
        PlainWords.ShouldHaveNone(await clinician.Locator("#addendum-done").InnerTextAsync());

        // In the EHR: an addendum by the clinician that appends to the original note, and the Task completed with it.
        OpenTasks(TimesQuestion).ShouldBeEmpty();
        var completed = Store().Get("Task", task.Id).ShouldNotBeNull();
        JsonPaths.String(completed.Element, "status").ShouldBe("completed");
        var output = References(completed, "output.valueReference").ShouldHaveSingleItem();
        var addendum = Store().Get("DocumentReference", output["DocumentReference/".Length..]).ShouldNotBeNull();
        References(addendum, "author").ShouldBe([Clinician]);
        var relates = addendum.Element.GetProperty("relatesTo")[0];
        relates.GetProperty("code").GetString().ShouldBe("appends");
        relates.GetProperty("target").GetProperty("reference").GetString().ShouldBe(OriginalNote);
        var text = Encoding.UTF8.GetString(addendum.Element.GetProperty("content")[0].GetProperty("attachment").GetProperty("data").GetBytesFromBase64());
        text.ShouldContain("Session start time 2:02 PM, end time 3:00 PM");

        // The biller's appeal now quotes the addendum, with every criterion backed.
        await OpenAppealAsync(biller, billerLaunch);
        times = biller.Locator(".criterion[data-criterion='session-times']");
        (await times.GetAttributeAsync("class")).ShouldNotBeNull().ShouldContain("found");
        (await times.Locator(".quote").InnerTextAsync()).ShouldContain("2:02 PM");
        (await biller.Locator("#letter-unbacked").CountAsync()).ShouldBe(0);
        await biller.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-appeal-packet.png"), FullPage = true });

        // Save; the download is the saved letter as a PDF, carrying the quotes.
        await biller.Locator("#letter-save").ClickAsync();
        await biller.Locator("#appeal-status").WaitForAsync();
        var download = await biller.RunAndWaitForDownloadAsync(() => biller.Locator("#letter-pdf").ClickAsync());
        var pdfPath = Path.Combine(Path.GetTempPath(), $"appeal-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(pdfPath);
        using (var pdf = PdfDocument.Open(pdfPath))
        {
            // PdfPig's page text drops some word spaces: compare without whitespace.
            var pdfText = Regex.Replace(string.Concat(pdf.GetPages().Select(p => p.Text)), @"\s", "");
            pdfText.ShouldContain("Sessionstarttime2:02PM,endtime3:00PM");
            pdfText.ShouldContain("Interventions:Cognitivebehavioraltherapy.");
        }
        File.Delete(pdfPath);

        // The saved letter is the launch's to download: not another patient's launch, not a browser without the session.
        var pdfUrl = $"{billerLaunch}/claims/{Claim}/appeal.pdf";
        (await biller.APIRequest.GetAsync(pdfUrl)).Status.ShouldBe(200);
        var maria = await browser.NewPageAsync();
        await maria.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez");
        await maria.WaitForURLAsync(LaunchUrl());
        (await maria.APIRequest.GetAsync($"{maria.Url}/claims/{Claim}/appeal.pdf")).Status.ShouldBe(404);
        using (var stranger = new HttpClient())
        {
            (await stranger.GetAsync(pdfUrl)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        }

        // File in the chart: the packet is a final DocumentReference on the EHR, related to the claim; the payer does not have it.
        await biller.Locator("#letter-file:not([disabled])").ClickAsync();
        var filed = biller.Locator("#status-filed[data-document^='DocumentReference/']");
        await filed.WaitForAsync();
        (await filed.InnerTextAsync()).ShouldContain("Filing does not send it to the payer");
        (await filed.InnerTextAsync()).ShouldNotContain("DocumentReference", Case.Sensitive, "no FHIR id on screen");
        (await biller.Locator("#status-sent").InnerTextAsync()).ShouldBe("Not sent to the payer.");
        (await biller.Locator("#appeal-outcome").CountAsync()).ShouldBe(0, "no payer decision can be recorded on a letter the payer never got");
        var packetId = PacketId().Match((await filed.GetAttributeAsync("data-document"))!).Groups[1].Value;
        var packet = Store().Get("DocumentReference", packetId).ShouldNotBeNull();
        JsonPaths.String(packet.Element, "docStatus").ShouldBe("final");
        References(packet, "context.related").ShouldContain("Claim/" + Claim);
        packet.Element.GetProperty("content")[0].GetProperty("attachment").GetProperty("contentType").GetString().ShouldBe("application/pdf");

        // BluePeak has no electronic channel configured: the packet is exported for its portal, and is sent only once the
        // biller confirms the payer has it, with the portal's confirmation number.
        await biller.Locator("#packet-export:not([disabled])").ClickAsync();
        await biller.Locator("#export-panel").WaitForAsync();
        (await biller.Locator("#status-sent").InnerTextAsync()).ShouldContain("not sent until you confirm the payer has it");
        await biller.Locator(".export-confirmation input").FillAsync("BPK-PORTAL-55120");
        await biller.Locator("#export-confirm:not([disabled])").ClickAsync();
        await biller.Locator("#appeal-outcome").WaitForAsync();
        (await biller.Locator("#status-sent").InnerTextAsync()).ShouldContain("acknowledgement BPK-PORTAL-55120");

        // The payer's decision is recorded and moves the estimate off the prior.
        await biller.Locator("button.outcome-overturned").ClickAsync();
        await biller.Locator("#appeal-odds-basis:has-text('1 decided')").WaitForAsync();
        (await biller.Locator("#appeal-odds").InnerTextAsync()).ShouldStartWith("Chance the appeal wins");
        PlainWords.ShouldHaveNone(await biller.Locator(".mud-main-content").InnerTextAsync());
        (await biller.Locator("#status-sent").InnerTextAsync()).ShouldContain("overturned");
    }

    [Fact]
    public async Task GivenDrKimsRequest_WhenAnotherUserOrAnotherPatientsLaunchOpensIt_ThenNobodyElseCanAnswerOrSeeIt()
    {
        var taskId = "task-kim-" + Guid.NewGuid().ToString("N")[..8];
        Store().Put(System.Text.Json.Nodes.JsonNode.Parse($$"""
            {"resourceType":"Task","id":"{{taskId}}","status":"requested","intent":"order",
             "code":{"coding":[{"system":"urn:fhirapp:task-code","code":"documentation-addendum"}]},
             "description":"Document the interventions used in the 2026-03-03 psychotherapy session billed as 90837.",
             "focus":{"reference":"Claim/{{Claim}}"},"for":{"reference":"Patient/p-james-carter"},"owner":{"reference":"{{Clinician}}"},
             "input":[{"type":{"coding":[{"system":"urn:fhirapp:task-input","code":"question"}]},"valueString":"Document the interventions used in the 2026-03-03 psychotherapy session billed as 90837."}]}
            """)!.AsObject());
        await using var browser = await Browser.StartAsync();

        // Dr. Patel (the sandbox's default user) in James's chart: she can read the request, not answer it.
        var patel = await browser.NewPageAsync();
        await patel.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-james-carter");
        await patel.WaitForURLAsync(LaunchUrl());
        await patel.GotoAsync($"{patel.Url}/tasks/{taskId}");
        await patel.Locator("#addendum-not-yours").WaitForAsync();
        (await patel.Locator(".addendum-text").CountAsync()).ShouldBe(0);

        // A launch for another patient never shows James's request, even by URL.
        var other = await browser.NewPageAsync();
        await other.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-maria-lopez&user={Uri.EscapeDataString(Clinician)}");
        await other.WaitForURLAsync(LaunchUrl());
        await other.GotoAsync($"{other.Url}/tasks/{taskId}");
        await other.Locator("#task-unavailable").WaitForAsync();
        (await other.Locator("#addendum-question").CountAsync()).ShouldBe(0);
        (await other.ContentAsync()).ShouldNotContain("interventions used");

        // Dr. Kim in James's chart sees it among his open requests.
        var kim = await browser.NewPageAsync();
        await kim.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient=p-james-carter&user={Uri.EscapeDataString(Clinician)}");
        await kim.WaitForURLAsync(LaunchUrl());
        await kim.Locator($"#addendum-requests a.addendum-link[href$='/tasks/{taskId}']").WaitForAsync();
    }

    private static async Task OpenAppealAsync(IPage page, string launchUrl)
    {
        await page.GotoAsync($"{launchUrl}/claims/{Claim}/appeal");
        // The page re-reads the chart once interactive: wait for that render, not the prerendered one.
        await page.Locator("#appeal-heading[data-interactive=true]").WaitForAsync();
    }

    private FhirResourceStore Store() => env.SandboxServices.GetRequiredService<FhirResourceStore>();

    private List<StoredResource> OpenTasks(string question) =>
        Store().OfType("Task").Where(t => JsonPaths.String(t.Element, "status") == "requested" && JsonPaths.String(t.Element, "description") == question).ToList();

    private static List<string> References(StoredResource resource, string path) => JsonPaths.References(resource.Element, path).ToList();

    [GeneratedRegex("/l/[A-Za-z0-9_-]+$")]
    private static partial Regex LaunchUrl();

    [GeneratedRegex("DocumentReference/([A-Za-z0-9-]+)")]
    private static partial Regex PacketId();

    /// <summary>One Chromium for a test, a fresh context (own cookies: own EHR session) per page.</summary>
    private sealed class Browser(IPlaywright playwright, IBrowser chromium) : IAsyncDisposable
    {
        public static async Task<Browser> StartAsync()
        {
            var playwright = await Playwright.CreateAsync();
            var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
            return new Browser(playwright, chromium);
        }

        public async Task<IPage> NewPageAsync() => await (await chromium.NewContextAsync(new() { AcceptDownloads = true })).NewPageAsync();

        public async ValueTask DisposeAsync()
        {
            await chromium.DisposeAsync();
            playwright.Dispose();
        }
    }
}
