using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>Polls one practice's ExplanationOfBenefit and ClaimResponse changes; never overlaps itself.</summary>
[DisallowConcurrentExecution]
public sealed class AdjudicationPollJob(AdjudicationPollRunner runner) : IJob
{
    public const string RegistrationKey = "registration";
    public const string Group = Core.Denials.Intake.AdjudicationPoller.JobName;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await runner.RunAsync(context.MergedJobDataMap.GetString(RegistrationKey) ?? "", cancellationToken);
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);

    public static TriggerKey TriggerFor(string registrationId) => new(registrationId, Group);
}
