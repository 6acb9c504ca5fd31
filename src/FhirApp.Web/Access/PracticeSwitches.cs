using FhirApp.Core.Audit;
using FhirApp.Core.Learning;
using FhirApp.Core.Metrics;
using FhirApp.Core.Scoring.Registry;
using FhirApp.Core.Scrubbing;
using FhirApp.Web.Jobs;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Access;

/// <summary>
/// Every switch that changes the whole practice: pausing, resuming or running its jobs, training or promoting its risk
/// model, turning a payer rule off or back on, learning the payer rules, confirming or dismissing a learned one, the practice's rework cost per denied claim. Each asks here, on the server, whether the launch's user is one of the
/// practice's owners (smart-config `owners`); a refusal is audited and throws <see cref="OwnerRequiredException"/> before
/// anything changes. Pages hide the buttons too, but this is the check that counts.
/// </summary>
public sealed class PracticeSwitches(JobControl jobs, ModelRegistry models, FindingDecisions decisions, PracticeRuleBooks ruleBooks, MetricsService metrics, AuditTrail audit)
{
    public const string OwnerOnlyMessage = "Only the practice's owners can change this. Ask an owner, or your administrator to add your EHR account to the owners.";

    private const string PollJob = $"Job/{AdjudicationPollJob.Group}";

    public async Task PauseJobAsync(LaunchContext launch, CancellationToken ct)
    {
        await RequireJobOwnerAsync(launch, PollJob, "job-pause", ct);
        await jobs.PauseAsync(launch.Registration.Id, launch.Practice, launch.Actor, ct);
    }

    public async Task ResumeJobAsync(LaunchContext launch, CancellationToken ct)
    {
        await RequireJobOwnerAsync(launch, PollJob, "job-resume", ct);
        await jobs.ResumeAsync(launch.Registration.Id, launch.Practice, launch.Actor, ct);
    }

    public async Task RunJobNowAsync(LaunchContext launch, CancellationToken ct)
    {
        await RequireJobOwnerAsync(launch, PollJob, "job-run-now", ct);
        await jobs.RunNowAsync(launch.Registration.Id, launch.Practice, launch.Actor, ct);
    }

    public async Task TrainModelNowAsync(LaunchContext launch, CancellationToken ct)
    {
        await RequireJobOwnerAsync(launch, "Job/model-retrain", "model-train", ct);
        await jobs.TrainNowAsync(launch.Registration.Id, launch.Practice, launch.Actor, ct);
    }

    public async Task PromoteModelAsync(LaunchContext launch, int number, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, $"ModelVersion/{number}", "model-promote", ct);
        await models.PromoteAsync(launch.Practice, number, launch.Actor, ct);
    }

    /// <summary>Turns a check off for one payer of the practice, for every claim of that payer.</summary>
    public async Task TurnRuleOffAsync(LaunchContext launch, string payerId, string ruleId, RuleOffCause cause, string details, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, $"Organization/{payerId}", "rule-disable", ct);
        await decisions.TurnOffAsync(launch.Practice, payerId, ruleId, cause, details, launch.Actor, ct);
    }

    public async Task TurnRuleOnAsync(LaunchContext launch, string payerId, string ruleId, string reason, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, $"Organization/{payerId}", "rule-enable", ct);
        await decisions.TurnOnAsync(launch.Practice, payerId, ruleId, reason, launch.Actor, ct);
    }

    public async Task LearnRulesNowAsync(LaunchContext launch, CancellationToken ct)
    {
        await RequireJobOwnerAsync(launch, "Job/model-retrain", "rules-learn", ct);
        await jobs.LearnNowAsync(launch.Registration.Id, launch.Practice, launch.Actor, ct);
    }

    /// <summary>Confirms a learned payer rule (it becomes the practice's rule) or dismisses it (it never fires).</summary>
    public async Task DecideLearnedRuleAsync(LaunchContext launch, string payerId, string ruleId, bool confirm, string reason, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, $"Organization/{payerId}", confirm ? "learned-rule-confirm" : "learned-rule-dismiss", ct);
        await ruleBooks.DecideAsync(launch.Practice, ruleId, confirm, reason, launch.Actor, ct);
    }

    /// <summary>Sets the practice's rework cost per denied claim (the denial-cost figure every user of the practice sees).</summary>
    public async Task SetReworkCostAsync(LaunchContext launch, decimal costPerClaim, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, "Practice/rework-cost", "rework-cost", ct);
        await metrics.SetReworkCostAsync(launch.Practice, costPerClaim, launch.Actor, ct);
    }

    /// <summary>The practice's own jobs: an owner, in a practice launch of the practice the registration's jobs work for.</summary>
    private async Task RequireJobOwnerAsync(LaunchContext launch, string what, string purpose, CancellationToken ct)
    {
        await RequireOwnerAsync(launch, what, purpose, ct);
        if (!launch.IsPracticeLaunch || launch.Practice != launch.Registration.JobsPractice)
        {
            throw new OwnerRequiredException("Background jobs are run from the practice's billing worklist launch.");
        }
    }

    private async Task RequireOwnerAsync(LaunchContext launch, string what, string purpose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.IsOwner)
        {
            return;
        }
        await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(AuditAction.Execute, what, purpose, Outcome: AuditOutcome.Denied), ct);
        throw new OwnerRequiredException(OwnerOnlyMessage);
    }
}
