using FhirApp.Web.Smart;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>What the admin page may do with a practice's jobs: see their schedule, pause, resume, run now.</summary>
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

    private async Task<IScheduler> RequireSchedulerAsync(CancellationToken ct) =>
        await SchedulerAsync(ct) ?? throw new InvalidOperationException("Background jobs are disabled in this instance.");
}

public sealed record JobSchedule(string Job, DateTimeOffset? LastFire, DateTimeOffset? NextFire, bool Paused);
