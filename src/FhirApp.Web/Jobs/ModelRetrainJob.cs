using FhirApp.Core.Scoring.Registry;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>
/// Per practice, one job with two triggers: scheduled retraining (Scoring:RetrainCron) and the daily AUC check
/// (Scoring:AucCheckCron), which retrains when the live model's weekly AUC is under Scoring:AucFloor. "Train now" on the
/// model page fires it in retrain mode. Never overlaps itself, so a check never runs beside a training of the same practice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ModelRetrainJob(ModelRetrainer retrainer) : IJob
{
    /// <summary>Job data: the practice whose data the job works on (<see cref="Smart.SmartRegistration.JobsPractice"/>).</summary>
    public const string PracticeKey = "practice";
    public const string ModeKey = "mode";
    public const string TriggerKey = "trigger";
    public const string RetrainMode = "retrain";
    public const string CheckMode = "check";
    public const string Group = "model-retrain";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var tenant = data.GetString(PracticeKey) ?? "";
        if (data.GetString(ModeKey) == CheckMode)
        {
            await retrainer.CheckAsync(tenant, cancellationToken);
        }
        else
        {
            await retrainer.RetrainAsync(tenant, data.GetString(TriggerKey) ?? "schedule", cancellationToken);
        }
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);
}
