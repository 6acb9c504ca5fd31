using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FhirApp.Core.Data;
using FhirApp.Core.Eligibility;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Eligibility;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests;

/// <summary>
/// A practice whose payers are asked about eligibility: BluePeak and Medicare through the sandbox's clearinghouse
/// (270/271), Acme at the sandbox's payer FHIR endpoint, each answering from its own member file (the sandbox's
/// Payer/members.json, the demo's). In this EHR Robert King's BluePeak coverage has no end date (the practice never heard
/// it lapsed) and he has a claim pending for 2026-04-21; the payer's own file says it ended 2026-03-31. Acme's file says
/// Maria Lopez's plan ended 2026-09-30 (the EHR says 2026-12-31); BluePeak has James Carter under a reissued member id.
/// </summary>
public sealed class EligibilityEnvironment : AppEnvironment
{
    protected override IReadOnlyDictionary<string, object> RegistrationExtras => new Dictionary<string, object>
    {
        ["eligibility"] = new
        {
            clearinghouse = new { baseUrl = $"{SandboxUrl}/clearinghouse", submitterId = "RIV001", receiverId = "SANDBOXCH", timeoutSeconds = 2 },
            payers = new Dictionary<string, object>
            {
                ["BPBC1"] = new { clearinghousePayerId = "BLUEPEAK" },
                ["02202"] = new { clearinghousePayerId = "02202" },
                ["ACME1"] = new { fhirEndpoint = $"{SandboxUrl}/payer/ACME1/fhir" },
            },
        },
    };

    protected override IEnumerable<string> ExtraSandboxArgs => [$"--Sandbox:DataPaths:1={WriteLapsedWorld(Path.Combine(TempDirectory, "lapsed"))}"];

    /// <summary>Robert's Coverage as an EHR that never heard of the lapse has it, and a new claim after the lapse.</summary>
    private static string WriteLapsedWorld(string folder)
    {
        Directory.CreateDirectory(folder);
        var demo = Path.Combine(RepoPaths.Fixtures, "demo");
        var coverage = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "Coverage-cov-robert-bluepeak.json")))!.AsObject();
        coverage["period"]!.AsObject().Remove("end");
        File.WriteAllText(Path.Combine(folder, "Coverage-cov-robert-bluepeak.json"), coverage.ToJsonString());
        var claim = JsonNode.Parse(File.ReadAllText(Path.Combine(demo, "Claim-claim-robert-pending.json")))!.AsObject();
        claim["id"] = "claim-robert-followup";
        claim["identifier"]![0]!["value"] = "RO-ROBERT-FOLLOWUP";
        claim["billablePeriod"] = new JsonObject { ["start"] = "2026-04-21", ["end"] = "2026-04-21" };
        claim["created"] = "2026-04-22";
        claim["item"]![0]!["servicedDate"] = "2026-04-21";
        claim["item"]![0]!["modifier"] = new JsonArray(JsonNode.Parse("""{"coding":[{"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"LT"}]}"""));
        File.WriteAllText(Path.Combine(folder, "Claim-claim-robert-followup.json"), claim.ToJsonString());
        return folder;
    }
}

/// <summary>
/// Real-time eligibility against the sandbox's payers and clearinghouse: by browser from the claim page (the finding and
/// the answer in plain words with the answer's date; a garbled or failing clearinghouse as a message, not a crash), and
/// through the service for the rejections, retries and timeouts behind it. Each test starts with no stored check and no
/// payer scenario.
/// </summary>
public sealed partial class EligibilityTests(EligibilityEnvironment env) : IClassFixture<EligibilityEnvironment>, IAsyncLifetime
{
    // What the screen must never show: the EHR's resource ids, element paths, our enum and rule-engine names.
    private static readonly string[] NotPlainWords =
    [
        "p-robert-king", "p-maria-lopez", "p-james-carter", "p-linda-nguyen", "claim-", "cov-", "org-payer", "Coverage.", "Patient.", "Claim.",
        "CoverageEligibility", "EligibilityStatus", "Active", "Inactive", "Rejected", "Failed", "x12", "fhir",
    ];

    public async Task InitializeAsync()
    {
        using var http = new HttpClient();
        (await http.DeleteAsync($"{env.SandboxUrl}/_sandbox/payer-scenarios")).IsSuccessStatusCode.ShouldBeTrue();
        (await http.DeleteAsync($"{env.SandboxUrl}/_sandbox/journal")).IsSuccessStatusCode.ShouldBeTrue();
        await using var scope = env.AppServices.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().EligibilityChecks.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GivenCoverageThatLapsedWithoutNotice_WhenTheBillerChecksEligibilityBeforeSubmitting_ThenTheClaimIsHeldPerThePayers271()
    {
        await using var browser = await ClaimPageAsync("p-robert-king", "claim-robert-followup");
        var page = browser.Page;

        // Before: the EHR's coverage is open-ended, so nothing the EHR holds says the claim will be denied.
        (await page.Locator(".finding[data-rule^='eligibility.']").CountAsync()).ShouldBe(0);
        (await page.Locator("#eligibility-none").InnerTextAsync()).ShouldContain("Not checked yet");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-eligibility-before-check.png"), FullPage = true });

        await page.Locator("#check-eligibility").ClickAsync();

        var finding = page.Locator(".finding[data-rule='eligibility.payer-inactive']");
        await finding.WaitForAsync();
        var answeredOn = await AnsweredOnAsync("p-robert-king");
        var message = await finding.Locator("b").InnerTextAsync();
        message.ShouldBe($"Coverage inactive on the date of service per the payer's 271 of {answeredOn} (the coverage ended 2026-03-31). "
            + "Re-verify with the patient and bill the coverage in force on 2026-04-21, or the patient.");
        (await page.Locator("#eligibility-last").GetAttributeAsync("data-status")).ShouldBe("inactive");
        var panel = await page.Locator("#eligibility").InnerTextAsync();
        panel.ShouldContain("Not covered on 2026-04-21: the coverage ended 2026-03-31.");
        panel.ShouldContain($"Answer: the payer's 271 of {answeredOn}.");
        panel.ShouldContain("by the clearinghouse (270/271) for the date of service 2026-04-21");
        ShouldBePlainWords(panel);
        ShouldBePlainWords(message + await finding.Locator(".finding-source").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-eligibility-lapsed-coverage-caught.png"), FullPage = true });
    }

    [Fact]
    public async Task GivenAPayerFhirEndpointWhoseFileSaysThePlanEnded_WhenChecked_ThenThePendingClaimIsHeldPerThePayersResponse()
    {
        await using var browser = await ClaimPageAsync("p-maria-lopez", "claim-maria-followup");
        var page = browser.Page;
        (await page.Locator(".finding[data-rule^='eligibility.']").CountAsync()).ShouldBe(0, "the EHR says the plan runs to 2026-12-31");

        await page.Locator("#check-eligibility").ClickAsync();

        var finding = page.Locator(".finding[data-rule='eligibility.payer-inactive']");
        await finding.WaitForAsync();
        var answeredOn = await AnsweredOnAsync("p-maria-lopez");
        (await finding.Locator("b").InnerTextAsync()).ShouldStartWith($"Coverage inactive on the date of service per the payer's eligibility response of {answeredOn} (the coverage ended 2026-09-30).");
        var panel = await page.Locator("#eligibility").InnerTextAsync();
        panel.ShouldContain("Not covered on 2026-11-16: the coverage ended 2026-09-30.");
        panel.ShouldContain("Plan: ACME PPO 1500.");
        panel.ShouldContain("The plan needs prior authorization for some services.");
        panel.ShouldContain($"Answer: the payer's eligibility response of {answeredOn}.");
        panel.ShouldContain("by the payer's FHIR service");
        ShouldBePlainWords(panel);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-eligibility-fhir-lapse-caught.png"), FullPage = true });
    }

    [Fact]
    public async Task GivenThePayerHasTheMemberUnderAnotherId_WhenCheckedFromTheClaimPage_ThenTheMismatchIsShownWithoutEchoingEitherId()
    {
        await using var browser = await ClaimPageAsync("p-james-carter", "claim-james-90834");
        var page = browser.Page;

        await page.Locator("#check-eligibility").ClickAsync();

        var finding = page.Locator(".finding[data-rule='eligibility.payer-member-id-mismatch']");
        await finding.WaitForAsync();
        var answeredOn = await AnsweredOnAsync("p-james-carter");
        (await finding.Locator("b").InnerTextAsync()).ShouldBe($"The member id the payer has differs from the coverage's (the payer's 271 of {answeredOn}). "
            + "Bill with the payer's member id, and correct the coverage in the EHR.");
        (await page.Locator(".finding[data-rule='eligibility.referral-required']").CountAsync()).ShouldBe(1, "the HMO needs a referral and the claim names none");
        (await page.Locator("#eligibility-last").GetAttributeAsync("data-status")).ShouldBe("active");
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldNotContain("BPK920117753"); // the payer's id
        (await page.Locator("#eligibility").InnerTextAsync()).ShouldContain("Covered on 2026-02-17.");
        ShouldBePlainWords(await page.Locator("#eligibility").InnerTextAsync());
        ShouldBePlainWords(await finding.InnerTextAsync(), allowRuleId: true);
    }

    [Fact]
    public async Task GivenTheClearinghouseSendsATruncated271_WhenCheckedFromTheClaimPage_ThenThePageSaysTheAnswerCouldNotBeReadAndInventsNoFinding()
    {
        await PostScenariosAsync("""[{"kind":"malformed","memberId":"BPK771203348"}]""");
        await using var browser = await ClaimPageAsync("p-robert-king", "claim-robert-followup");
        var page = browser.Page;

        await page.Locator("#check-eligibility").ClickAsync();

        var last = page.Locator("#eligibility-last[data-status='failed']");
        await last.WaitForAsync();
        var text = await last.InnerTextAsync();
        text.ShouldStartWith("No usable answer from the payer. The clearinghouse's answer could not be read: ");
        text.ShouldNotContain("Answer: the payer's");
        ShouldBePlainWords(await page.Locator("#eligibility").InnerTextAsync());
        (await page.Locator(".finding[data-rule^='eligibility.']").CountAsync()).ShouldBe(0);
        await ShouldStillWorkAsync(page);
    }

    [Fact]
    public async Task GivenAClearinghouseThatFailsEveryAttempt_WhenCheckedAgain_ThenThePageSaysSoAndKeepsThePayersLastAnswerAndItsFinding()
    {
        await using var browser = await ClaimPageAsync("p-robert-king", "claim-robert-followup");
        var page = browser.Page;
        await page.Locator("#check-eligibility").ClickAsync();
        await page.Locator(".finding[data-rule='eligibility.payer-inactive']").WaitForAsync();
        var answeredOn = await AnsweredOnAsync("p-robert-king");

        // The first try and both retries.
        await PostScenariosAsync("""[{"kind":"status","memberId":"BPK771203348","status":500,"times":3}]""");
        await page.Locator("#check-eligibility").ClickAsync();

        var last = page.Locator("#eligibility-last[data-status='failed']");
        await last.WaitForAsync();
        (await last.InnerTextAsync()).ShouldStartWith("No usable answer from the payer. The clearinghouse could not answer now (500). Check again in a few minutes.");
        (await page.Locator("#eligibility-previous").InnerTextAsync()).ShouldContain($"Not covered on 2026-04-21: the coverage ended 2026-03-31. Answer: the payer's 271 of {answeredOn}.");
        (await page.Locator(".finding[data-rule='eligibility.payer-inactive']").CountAsync()).ShouldBe(1, "a check that got no answer does not undo the payer's last one");
        (await env.SandboxJournalAsync()).Count(e => e.GetProperty("path").GetString() == "/clearinghouse/eligibility/270").ShouldBe(4);
        ShouldBePlainWords(await page.Locator("#eligibility").InnerTextAsync());
        await ShouldStillWorkAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-eligibility-clearinghouse-failing.png"), FullPage = true });
    }

    [Fact]
    public async Task GivenAPayerThatAnswers429Once_WhenChecked_ThenTheClientWaitsAndAsksAgainAndGetsTheAnswer()
    {
        await PostScenariosAsync("""[{"kind":"status","memberId":"1EG4TE5MK73","status":429,"retryAfterSeconds":1,"times":1}]""");
        var (launch, checks) = await LaunchAsync("p-linda-nguyen");

        var outcome = await checks.CheckAsync(launch, "claim-linda-anesthesia", CancellationToken.None);

        outcome.Answer!.Status.ShouldBe(EligibilityStatus.Active, outcome.Answer.Message);
        (await env.SandboxJournalAsync()).Count(e => e.GetProperty("path").GetString() == "/clearinghouse/eligibility/270").ShouldBe(2);
    }

    [Fact]
    public async Task GivenAPayerFhirEndpointThatFailsOnce_WhenChecked_ThenTheRetryGetsItsAnswer()
    {
        await PostScenariosAsync("""[{"kind":"status","memberId":"ACM448812307","status":503,"times":1}]""");
        var (launch, checks) = await LaunchAsync("p-maria-lopez");

        var outcome = await checks.CheckAsync(launch, "claim-maria-20610", CancellationToken.None);

        var answer = outcome.Answer.ShouldNotBeNull(outcome.Problem);
        (answer.Route, answer.Status, answer.PlanName, answer.AuthorizationRequired, answer.CoverageEnd).ShouldBe(("fhir", EligibilityStatus.Active, "ACME PPO 1500", true, new DateOnly(2026, 9, 30)));
        answer.Member!.MemberId.ShouldBe("ACM448812307");
        (await env.SandboxJournalAsync()).Count(e => e.GetProperty("path").GetString() == "/payer/ACME1/fhir/CoverageEligibilityRequest/$submit").ShouldBe(2);
        var stored = await checks.LatestAsync(launch, (await env.ReloadClaimsAsync(launch.LaunchId)).Contexts["claim-maria-20610"], answeredOnly: false, CancellationToken.None);
        stored!.Answer.ShouldBe(answer);
    }

    [Theory]
    [InlineData("p-maria-lopez", "claim-maria-20610", "ACM448812307", "truncated", "The payer's answer could not be read.")]
    [InlineData("p-linda-nguyen", "claim-linda-anesthesia", "1EG4TE5MK73", "not-json", "The clearinghouse's answer could not be read (it is not the eligibility API's JSON). Check again in a few minutes.")]
    public async Task GivenAnUnreadableAnswer_WhenChecked_ThenTheCheckFailsWithAPlainMessage(string patient, string claim, string memberId, string how, string message)
    {
        await PostScenariosAsync($$"""[{"kind":"malformed","memberId":"{{memberId}}","code":"{{how}}"}]""");
        var (launch, checks) = await LaunchAsync(patient);

        var outcome = await checks.CheckAsync(launch, claim, CancellationToken.None);

        (outcome.Answer!.Status, outcome.Answer.Message).ShouldBe((EligibilityStatus.Failed, message));
    }

    [Fact]
    public async Task GivenTheClearinghouseRejectsTheMemberId_WhenChecked_ThenTheClaimShowsTheRejectionInPlainWords()
    {
        await PostScenariosAsync("""[{"kind":"aaa","memberId":"1EG4TE5MK73","code":"72"}]""");
        var (launch, checks) = await LaunchAsync("p-linda-nguyen");

        var outcome = await checks.CheckAsync(launch, "claim-linda-anesthesia", CancellationToken.None);
        var view = await env.ReloadClaimsAsync(launch.LaunchId);

        (outcome.Answer!.Status, outcome.Answer.RejectionCode, outcome.Answer.Message).ShouldBe((EligibilityStatus.Rejected, "72", "The member id is not valid."));
        view.ScrubOf("claim-linda-anesthesia")!.Findings.Single(f => f.RuleId == "eligibility.payer-rejected").Message
            .ShouldStartWith("The payer could not confirm the coverage (the payer's 271 of");
    }

    [Fact]
    public async Task GivenThePayerHasAnotherBirthDate_WhenChecked_ThenTheClaimIsHeldForTheMismatchWithoutEchoingIt()
    {
        await PostScenariosAsync("""[{"kind":"demographics","memberId":"BPK920117735","birthDate":"1985-03-29"}]""");
        var (launch, checks) = await LaunchAsync("p-james-carter");

        var outcome = await checks.CheckAsync(launch, "claim-james-90837", CancellationToken.None);
        var findings = (await env.ReloadClaimsAsync(launch.LaunchId)).ScrubOf("claim-james-90837")!.Findings;

        outcome.Answer!.Status.ShouldBe(EligibilityStatus.Active);
        var mismatch = findings.Single(f => f.RuleId == "eligibility.payer-birthdate-mismatch");
        mismatch.Severity.ShouldBe(FhirApp.Core.Scrubbing.FindingSeverity.Hold);
        mismatch.Message.ShouldNotContain("1985");
        string.Join(' ', mismatch.Trigger).ShouldNotContain("1985");
        findings.ShouldContain(f => f.RuleId == "eligibility.referral-required", "the HMO needs a referral and the claim names no referring provider");
    }

    [Fact]
    public async Task GivenAPayerThatDoesNotAnswerInTime_WhenChecked_ThenTheCheckFailsWithAPlainMessageAndNoFindingIsInvented()
    {
        // Longer than the practice's 2-second attempt limit, on every attempt (the retries too).
        await PostScenariosAsync("""[{"kind":"delay","memberId":"BPK771203348","delayMilliseconds":2600,"times":3}]""");
        var (launch, checks) = await LaunchAsync("p-robert-king");

        var outcome = await checks.CheckAsync(launch, "claim-robert-pending", CancellationToken.None);
        var findings = (await env.ReloadClaimsAsync(launch.LaunchId)).ScrubOf("claim-robert-pending")!.Findings;

        (outcome.Answer!.Status, outcome.Answer.Message).ShouldBe((EligibilityStatus.Failed, "The clearinghouse did not answer in time. Check again in a few minutes."));
        findings.ShouldNotContain(f => f.RuleId.StartsWith("eligibility.payer", StringComparison.Ordinal));
    }

    private static void ShouldBePlainWords(string text, bool allowRuleId = false)
    {
        foreach (var word in NotPlainWords)
        {
            if (!(allowRuleId && word is "x12" or "fhir"))
            {
                text.ShouldNotContain(word, Case.Sensitive, $"the screen shows '{word}': {text}");
            }
        }
    }

    // The page is alive after the failure: Blazor's error bar is hidden and the button asks again.
    private static async Task ShouldStillWorkAsync(IPage page)
    {
        (await page.Locator("#blazor-error-ui").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("#check-eligibility").IsEnabledAsync()).ShouldBeTrue();
    }

    /// <summary>The date of the payer's answer as the app stored it (the 271's BHT date or the response's created date).</summary>
    private async Task<string> AnsweredOnAsync(string patient)
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        var answered = await scope.ServiceProvider.GetRequiredService<AppDbContext>().EligibilityChecks
            .Where(c => c.PatientId == patient && c.Status != EligibilityStatus.Failed).Select(c => c.AnsweredAt).SingleAsync();
        return answered!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ClaimPage> ClaimPageAsync(string patient, string claim)
    {
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}&patient={patient}");
        await page.WaitForURLAsync(LaunchUrl());
        await page.GotoAsync(page.Url + "/claims/" + claim);
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#check-eligibility").WaitForAsync();
        return new ClaimPage(playwright, chromium, page);
    }

    private async Task<(FhirApp.Web.Smart.LaunchContext Launch, EligibilityChecks Checks)> LaunchAsync(string patient)
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, patient);
        return (await env.LaunchContextAsync(launchId), env.AppServices.GetRequiredService<EligibilityChecks>());
    }

    private async Task PostScenariosAsync(string json)
    {
        using var http = new HttpClient();
        (await http.PostAsync($"{env.SandboxUrl}/_sandbox/payer-scenarios", new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode.ShouldBeTrue();
    }

    [GeneratedRegex("/l/[A-Za-z0-9_-]+$")]
    private static partial Regex LaunchUrl();

    private sealed record ClaimPage(IPlaywright Playwright, IBrowser Browser, IPage Page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
