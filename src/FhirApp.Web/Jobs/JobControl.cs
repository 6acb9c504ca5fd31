using FhirApp.Web.Smart;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>What the admin pages may do with a practice's jobs: see the poll's schedule, pause, resume, run now; train the model now.</summary>
public sealed class JobControl(IServiceProvider services, SmartRegistry registry)
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

    public async Task PauseAsync(string registrationId, CancellationToken ct) =>
        await (await RequireSchedulerAsync(ct)).PauseJob(AdjudicationPollJob.KeyFor(registrationId), ct);

    public async Task ResumeAsync(string registrationId, CancellationToken ct) =>
        await (await RequireSchedulerAsync(ct)).ResumeJob(AdjudicationPollJob.KeyFor(registrationId), ct);

    /// <summary>Fires the job once now; [DisallowConcurrentExecution] makes it wait if a run is in progress.</summary>
    public async Task RunNowAsync(string registrationId, CancellationToken ct) =>
        await (await RequireSchedulerAsync(ct)).TriggerJob(AdjudicationPollJob.KeyFor(registrationId), ct);

    /// <summary>Whether this instance runs background jobs (model training included).</summary>
    public async Task<bool> EnabledAsync(CancellationToken ct) => await SchedulerAsync(ct) is not null;

    /// <summary>Retrains the practice's model now, through its job, so a check or scheduled run never trains beside it.</summary>
    public async Task TrainNowAsync(string registrationId, string user, CancellationToken ct) =>
        await (await RequireSchedulerAsync(ct)).TriggerJob(ModelRetrainJob.KeyFor(registrationId), new JobDataMap
        {
            [ModelRetrainJob.ModeKey] = ModelRetrainJob.RetrainMode,
            [ModelRetrainJob.TriggerKey] = $"manual ({user})",
        }, ct);

    private async Task<IScheduler> RequireSchedulerAsync(CancellationToken ct) =>
        await SchedulerAsync(ct) ?? throw new InvalidOperationException("Background jobs are disabled in this instance.");
}

public sealed record JobSchedule(string Job, DateTimeOffset? LastFire, DateTimeOffset? NextFire, bool Paused);
