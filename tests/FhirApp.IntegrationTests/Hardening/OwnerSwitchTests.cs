using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// Switches that change the whole practice are the owners' (smart-config `owners`): each action is refused on the server
/// for anyone else, whatever the page shows, the refusal is audited, and nothing changes.
/// </summary>
public sealed class OwnerSwitchTests : IClassFixture<OwnerSwitchTests.SwitchesEnvironment>
{
    private readonly SwitchesEnvironment _env;

    public OwnerSwitchTests(SwitchesEnvironment env) => _env = env;

    /// <summary>Its own database: the tests turn rules off.</summary>
    public sealed class SwitchesEnvironment : AppEnvironment;

    public static TheoryData<string> Actions => ["job-pause", "job-resume", "job-run-now", "model-train", "model-promote", "rule-disable", "rule-enable", "rules-learn", "learned-rule-confirm", "learned-rule-dismiss", "rework-cost"];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task GivenAUserWhoIsNotAnOwner_WhenTheyUseAPracticeSwitch_ThenTheServerRefusesItAuditsTheRefusalAndChangesNothing(string action)
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await _env.LaunchPracticeAsync(browser, AppEnvironment.PanelUser);
        var launch = await _env.LaunchContextAsync(launchId);
        launch.IsOwner.ShouldBeFalse();
        var switches = _env.AppServices.GetRequiredService<PracticeSwitches>();

        var refused = await Should.ThrowAsync<OwnerRequiredException>(() => Use(switches, launch, action));

        refused.Message.ShouldBe(PracticeSwitches.OwnerOnlyMessage);
        await using var scope = _env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.AuditEntries.AnyAsync(e => e.LaunchId == launchId && e.Purpose == action && e.Outcome == AuditOutcome.Denied)).ShouldBeTrue("the refusal is in the audit trail");
        (await db.AuditEntries.AnyAsync(e => e.LaunchId == launchId && e.Purpose == action && e.Outcome == AuditOutcome.Success)).ShouldBeFalse();
        (await db.RuleSwitches.AnyAsync(r => r.ChangedBy == AppEnvironment.PanelUser)).ShouldBeFalse();
        (await db.LearnedRuleDecisions.AnyAsync()).ShouldBeFalse();
        (await db.PracticeCostSettings.AnyAsync()).ShouldBeFalse("no rework cost was saved");
        (await db.JobRuns.AnyAsync()).ShouldBeFalse("no job was started");
    }

    [Fact]
    public async Task GivenTheOwner_WhenTheyTurnARuleOffAndBackOn_ThenBothAreStoredWithWhoAndWhy()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await _env.LaunchPracticeAsync(browser);
        var owner = await _env.LaunchContextAsync(launchId);
        var switches = _env.AppServices.GetRequiredService<PracticeSwitches>();

        await switches.TurnRuleOffAsync(owner, "org-owner-test-payer", "filing.limit-passed", RuleOffCause.PayerDoesNotApply, "Payer waived the limit this year", CancellationToken.None);
        await switches.TurnRuleOnAsync(owner, "org-owner-test-payer", "filing.limit-passed", "Waiver ended", CancellationToken.None);

        await using var scope = _env.AppServices.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<AppDbContext>().RuleSwitches.AsNoTracking()
            .Where(r => r.PayerId == "org-owner-test-payer").OrderBy(r => r.Id).ToListAsync();
        rows.Select(r => (r.Disabled, r.ChangedBy, r.Reason)).ShouldBe([(true, AppEnvironment.OwnerUser, "The payer does not apply this rule (its manual or a representative says so): Payer waived the limit this year"), (false, AppEnvironment.OwnerUser, "Waiver ended")]);
    }

    [Fact]
    public async Task GivenTheOwnerInAPatientLaunch_WhenTheyPauseTheJobs_ThenTheyAreSentToThePracticeLaunch()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await _env.LaunchAsync(browser, "p-maria-lopez");
        var owner = await _env.LaunchContextAsync(launchId);

        var refused = await Should.ThrowAsync<OwnerRequiredException>(() => _env.AppServices.GetRequiredService<PracticeSwitches>().PauseJobAsync(owner, CancellationToken.None));

        refused.Message.ShouldContain("billing worklist");
    }

    private static Task Use(PracticeSwitches switches, FhirApp.Web.Smart.LaunchContext launch, string action) => action switch
    {
        "job-pause" => switches.PauseJobAsync(launch, CancellationToken.None),
        "job-resume" => switches.ResumeJobAsync(launch, CancellationToken.None),
        "job-run-now" => switches.RunJobNowAsync(launch, CancellationToken.None),
        "model-train" => switches.TrainModelNowAsync(launch, CancellationToken.None),
        "model-promote" => switches.PromoteModelAsync(launch, 1, CancellationToken.None),
        "rule-disable" => switches.TurnRuleOffAsync(launch, "org-acme", "filing.limit-passed", RuleOffCause.RuleIsWrong, "annoying", CancellationToken.None),
        "rule-enable" => switches.TurnRuleOnAsync(launch, "org-acme", "filing.limit-passed", "back on", CancellationToken.None),
        "rules-learn" => switches.LearnRulesNowAsync(launch, CancellationToken.None),
        "learned-rule-confirm" => switches.DecideLearnedRuleAsync(launch, "org-acme", "auth-required|org-acme|20610", confirm: true, "right", CancellationToken.None),
        "learned-rule-dismiss" => switches.DecideLearnedRuleAsync(launch, "org-acme", "auth-required|org-acme|20610", confirm: false, "wrong", CancellationToken.None),
        "rework-cost" => switches.SetReworkCostAsync(launch, 99m, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
