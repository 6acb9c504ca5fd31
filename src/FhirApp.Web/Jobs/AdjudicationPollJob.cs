using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>Polls one practice's ExplanationOfBenefit and ClaimResponse changes; never overlaps itself.</summary>
[DisallowConcurrentExecution]
public sealed class AdjudicationPollJob(AdjudicationPollRunner runner, ILogger<AdjudicationPollJob> logger) : IJob
{
    public const string RegistrationKey = "registration";
    public const string Group = Core.Denials.Intake.AdjudicationPoller.JobName;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registration = context.MergedJobDataMap.GetString(RegistrationKey) ?? "";
        // Which node runs it: in a cluster, the run a dead node left is re-run elsewhere with Recovering set.
        logger.LogInformation("Adjudication poll for {Registration} starts on scheduler instance {SchedulerInstance} (recovering: {Recovering})",
            registration, context.Scheduler.SchedulerInstanceId, context.Recovering);
        await runner.RunAsync(registration, cancellationToken);
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);

    public static TriggerKey TriggerFor(string registrationId) => new(registrationId, Group);
}
