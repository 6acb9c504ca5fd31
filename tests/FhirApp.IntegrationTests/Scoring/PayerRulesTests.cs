using System.Text.RegularExpressions;
using FhirApp.Core.Data;
using FhirApp.Core.Learning;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FhirApp.IntegrationTests.Scoring;

/// <summary>
/// Learned payer rules end to end, on the demo practice with the demo's own history (launch/demo.sh builds the same
/// one): BluePeak denies joint injections without prior authorization, which its shipped policy file does not say. The
/// practice's job learns that at start; the payer rules page shows it with its evidence and drift flag; Robert's pending
/// 20610 claim is held by it; an owner's dismissal stops it.
/// </summary>
public sealed partial class PayerRulesTests(PayerRulesTests.PayerRulesEnvironment env) : IClassFixture<PayerRulesTests.PayerRulesEnvironment>
{
    private const string Rule = "auth-required|org-payer-bluepeak|20610";
    private const string Finding = "learned.auth-required";
    private static readonly LocatorWaitForOptions Slow = new() { Timeout = 120_000 };

    /// <summary>The demo practice with its simulated history (fhir-fixtures/demo-history) under Scoring:HistoryRoot, and jobs on.</summary>
    public sealed class PayerRulesEnvironment : AppEnvironment
    {
        protected override void ConfigureApp(IWebHostBuilder builder)
        {
            var root = Path.Combine(TempDirectory, "histories");
            if (!Directory.Exists(root))
            {
                var content = Path.Combine(TempDirectory, "content");
                CopyDirectory(Path.Combine(RepoPaths.Root, "src", "FhirApp.Core", "Scrubbing", "Content"), content);
                foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "fhir-fixtures", "demo-history"), "*.json"))
                {
                    File.Copy(file, Path.Combine(content, "payers", Path.GetFileName(file)), overwrite: true);
                }
                var practice = Path.Combine(TempDirectory, "practice");
                PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 300, Months = 12, Seed = 7 }, RuleBookLoader.Load(content)).Write(practice);
                Directory.CreateDirectory(root);
                Directory.Move(Path.Combine(practice, "history"), Path.Combine(root, "sandbox"));
            }
            builder.UseSetting("Jobs:Enabled", "true");
            builder.UseSetting("Scoring:HistoryRoot", root);
        }

        /// <summary>Waits for the practice's learn-at-start run (a background job) to end, then returns its rules.</summary>
        public async Task<PracticeRuleBook> LearnedAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var dbs = AppServices.GetRequiredService<IDbContextFactory<AppDbContext>>();
            while (true)
            {
                await using (var db = await dbs.CreateDbContextAsync(timeout.Token))
                {
                    if (await db.JobRuns.AnyAsync(r => r.Job == PracticeRuleBooks.LearnJob && r.EndedAt != null, timeout.Token))
                    {
                        return await AppServices.GetRequiredService<PracticeRuleBooks>().CurrentAsync("sandbox", timeout.Token);
                    }
                }
                await Task.Delay(250, timeout.Token);
            }
        }

        private static void CopyDirectory(string from, string to)
        {
            foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
            }
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
            }
        }
    }

    [Fact]
    public async Task GivenTheDemoHistory_WhenThePracticeStarts_ThenItLearnsTheRuleItsPolicyFileMissesHoldsThePendingClaimWithItAndStopsOnceAnOwnerDismissesIt()
    {
        var book = await env.LearnedAsync();

        book.Number.ShouldBe(1);
        var rule = book.Rules.Single(r => r.Rule.Id == Rule);
        rule.Status.ShouldBe(PracticeRuleStatus.Learned);
        rule.Drift.ShouldContain("The payer's policy file does not list 20610 for prior authorization.");
        using (var browser = AppEnvironment.NewBrowser(out _))
        {
            var (launchId, _) = await env.LaunchPracticeAsync(browser);
            var finding = (await env.ReloadClaimsAsync(launchId)).ScrubOf("claim-robert-pending")!.Findings.Single(f => f.RuleId == Finding);
            finding.Severity.ShouldBe(FindingSeverity.Hold);
            finding.PredictedCarc.ShouldBe("CO-197");
            finding.Source.ToString().ShouldStartWith("Learned from this practice's remittances");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        var launch = LaunchUrl().Match(page.Url).Groups[1].Value;
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/rules");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var row = page.Locator(".payer-rules[data-payer='BluePeak Blue Cross'] tr.learned-rule", new() { HasText = "Prior authorization for 20610" });
        await row.WaitForAsync(Slow);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain("does not list 20610 for prior authorization");
        text.ShouldContain("BluePeak Blue Cross denied");
        foreach (var internalWord in new[] { "org-payer", "Organization/", "auth-required", "AuthRequired", "learned." })
        {
            text.ShouldNotContain(internalWord, Case.Sensitive, "no ids or enum names on screen");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-payer-rules.png"), FullPage = true });

        await row.Locator(".dismiss-rule").ClickAsync();
        await row.Locator(".decision-reason input").FillAsync("We have a standing authorization agreement with BluePeak");
        await row.Locator(".decision-save").ClickAsync();

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "dismissed");
        var status = await row.Locator(".rule-status").InnerTextAsync();
        status.ShouldStartWith("Dismissed by you, ");
        status.ShouldEndWith(": We have a standing authorization agreement with BluePeak");
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/claims/claim-robert-pending");
        await page.Locator(".finding").First.WaitForAsync(Slow);
        (await page.Locator($".finding[data-rule='{Finding}']").CountAsync()).ShouldBe(0, "a dismissed rule never fires");
        (await env.AppServices.GetRequiredService<PracticeRuleBooks>().CurrentAsync("sandbox", CancellationToken.None)).Rules.Single(r => r.Rule.Id == Rule).Status
            .ShouldBe(PracticeRuleStatus.Dismissed);
    }

    [Fact]
    public async Task GivenAnOwnerOnAClaim_WhenTheyTurnARuleOffForThePayer_ThenItNeedsAListedReasonShowsItsEffectIsListedAndTurnsBackOn()
    {
        await env.LearnedAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.GotoAsync($"{env.SandboxUrl}/ehr/launch?client_id={AppEnvironment.ClientId}");
        await page.WaitForURLAsync(LaunchUrl());
        var launch = LaunchUrl().Match(page.Url).Groups[1].Value;
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/claims/claim-robert-pending");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var shipped = page.Locator(".finding:not([data-rule^='learned.'])").First;
        await shipped.WaitForAsync(Slow);
        var ruleId = (await shipped.GetAttributeAsync("data-rule"))!;

        await shipped.Locator(".disable-rule").ClickAsync();

        var form = page.Locator("#turn-off");
        await form.WaitForAsync(Slow);
        (await form.Locator(".rule-effect").InnerTextAsync()).ShouldContain("BluePeak Blue Cross");
        await Assertions.Expect(page.Locator("#turn-off-confirm")).ToBeDisabledAsync();
        await page.Locator(".turn-off-details input").FillAsync("BluePeak's 2026 manual drops this requirement");
        await Assertions.Expect(page.Locator("#turn-off-confirm")).ToBeDisabledAsync(new() { Timeout = 5_000 });
        await page.GetByText(RuleOffCause.PayerDoesNotApply.Words).ClickAsync();
        await page.Locator("#turn-off-confirm").ClickAsync();

        var listed = page.Locator($".payer-rules[data-payer='BluePeak Blue Cross'] .turned-off[data-rule='{ruleId}']");
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        var text = await listed.InnerTextAsync();
        text.ShouldContain($"Turned off: {RuleNames.Of(ruleId)}.");
        text.ShouldContain("By you, ");
        text.ShouldContain(RuleOffCause.PayerDoesNotApply.Words + ": BluePeak's 2026 manual drops this requirement");
        text.ShouldNotContain(ruleId, Case.Sensitive, "the rule is named in words, not by its id");
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "browser-payer-rules-turned-off.png"), FullPage = true });
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/claims/claim-robert-pending");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator(".finding").First.WaitForAsync(Slow);
        await Assertions.Expect(page.Locator($".finding[data-rule='{ruleId}']")).ToHaveCountAsync(0);

        await page.GotoAsync($"{env.AppUrl}/l/{launch}/rules");
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await listed.Locator(".turn-on").ClickAsync();
        await listed.Locator(".turn-on-reason input").FillAsync("BluePeak reinstated it");
        await listed.Locator(".turn-on-confirm").ClickAsync();

        await Assertions.Expect(listed).ToHaveCountAsync(0);
        await page.GotoAsync($"{env.AppUrl}/l/{launch}/claims/claim-robert-pending");
        await Assertions.Expect(page.Locator($".finding[data-rule='{ruleId}']")).Not.ToHaveCountAsync(0, new() { Timeout = 120_000 });
    }

    [GeneratedRegex("/l/([A-Za-z0-9_-]+)(/[a-z]+)?$")]
    private static partial Regex LaunchUrl();
}
