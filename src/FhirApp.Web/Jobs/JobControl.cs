using FhirApp.Core.Audit;
using FhirApp.Web.Smart;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>
/// A practice's jobs in the scheduler: the poll's schedule, pause, resume, run now; train the model or learn the payer rules now. Callers check
/// who may: <see cref="Access.PracticeSwitches"/> is the only caller of the changes.
/// </summary>
public sealed class JobControl(IServiceProvider services, SmartRegistry registry, AuditTrail audit)
{
    /// <summary>Null when jobs are disabled in this process (Jobs:Enabled=false).</summary>
    private async Task<IScheduler?> SchedulerAsync(CancellationToken ct) =>
        services.GetService<ISchedulerFactory>() is { } factory ? await factory.GetScheduler(ct) : null;

    public async Task<JobSchedule?> GetAsync(string registrationId, CancellationToken ct)
    {
        if (registry.FindById(registrationId)?.BackendServices is null || await SchedulerAsync(ct) is not { } scheduler)
        {
            return null;
        }
        var trigger = await scheduler.GetTrigger(AdjudicationPollJob.TriggerFor(registrationId), ct);
        var state = await scheduler.GetTriggerState(AdjudicationPollJob.TriggerFor(registrationId), ct);
        return new JobSchedule(
            AdjudicationPollJob.Group,
            trigger?.PreviousFireTimeUtc,
            state == TriggerState.Paused ? null : trigger?.NextFireTimeUtc,
            state == TriggerState.Paused);
    }

    internal async Task PauseAsync(string registrationId, string practice, AuditActor by, CancellationToken ct)
    {
        await (await RequireSchedulerAsync(ct)).PauseJob(AdjudicationPollJob.KeyFor(registrationId), ct);
        await audit.RecordAsync(practice, by, new AuditRecord(AuditAction.Execute, $"Job/{AdjudicationPollJob.Group}", "job-pause"), ct);
    }

    internal async Task ResumeAsync(string registrationId, string practice, AuditActor by, CancellationToken ct)
    {
        await (await RequireSchedulerAsync(ct)).ResumeJob(AdjudicationPollJob.KeyFor(registrationId), ct);
        await audit.RecordAsync(practice, by, new AuditRecord(AuditAction.Execute, $"Job/{AdjudicationPollJob.Group}", "job-resume"), ct);
    }

    /// <summary>Fires the job once now; [DisallowConcurrentExecution] makes it wait if a run is in progress.</summary>
    internal async Task RunNowAsync(string registrationId, string practice, AuditActor by, CancellationToken ct)
    {
        await (await RequireSchedulerAsync(ct)).TriggerJob(AdjudicationPollJob.KeyFor(registrationId), ct);
        await audit.RecordAsync(practice, by, new AuditRecord(AuditAction.Execute, $"Job/{AdjudicationPollJob.Group}", "job-run-now"), ct);
    }

    /// <summary>
    /// Whether this instance runs background jobs (model training included). Answered from the registrations alone:
    /// asking the factory for the scheduler would wait for Quartz to start, which on PostgreSQL (schema, cluster
    /// check-in) can hold up a page rendered just after the instance starts.
    /// </summary>
    public bool Enabled => services.GetService<ISchedulerFactory>() is not null;

    /// <summary>Retrains the practice's model now, through its job, so a check or scheduled run never trains beside it.</summary>
    internal Task TrainNowAsync(string registrationId, string practice, AuditActor user, CancellationToken ct) =>
        FireModelJobAsync(registrationId, practice, user, ModelRetrainJob.RetrainMode, "model-train", ct);

    /// <summary>Re-mines the practice's payer rules now, through the same job, so it never runs beside a training.</summary>
    internal Task LearnNowAsync(string registrationId, string practice, AuditActor user, CancellationToken ct) =>
        FireModelJobAsync(registrationId, practice, user, ModelRetrainJob.LearnMode, "rules-learn", ct);

    private async Task FireModelJobAsync(string registrationId, string practice, AuditActor user, string mode, string purpose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await (await RequireSchedulerAsync(ct)).TriggerJob(ModelRetrainJob.KeyFor(registrationId), new JobDataMap
        {
            [ModelRetrainJob.ModeKey] = mode,
            [ModelRetrainJob.TriggerKey] = $"manual ({user.User})",
        }, ct);
        await audit.RecordAsync(practice, user, new AuditRecord(AuditAction.Execute, "Job/model-retrain", purpose), ct);
    }

    private async Task<IScheduler> RequireSchedulerAsync(CancellationToken ct) =>
        await SchedulerAsync(ct) ?? throw new InvalidOperationException("Background jobs are disabled in this instance.");
}

public sealed record JobSchedule(string Job, DateTimeOffset? LastFire, DateTimeOffset? NextFire, bool Paused);
