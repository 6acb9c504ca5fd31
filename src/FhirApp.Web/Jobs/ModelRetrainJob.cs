using FhirApp.Core.Learning;
using FhirApp.Core.Scoring.Registry;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>
/// Per practice, one job with three triggers: scheduled retraining (Scoring:RetrainCron), the daily AUC check
/// (Scoring:AucCheckCron), which retrains when the live model's weekly AUC is under Scoring:AucFloor, and learning the
/// payer rules at start when the practice has none yet. "Train now" on the model page fires it in retrain mode; "Learn
/// now" on the payer rules page in learn mode. Each retraining first re-mines the practice's payer rules from the same
/// history. Never overlaps itself, so a check never runs beside a training of the same practice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ModelRetrainJob(ModelRetrainer retrainer, PracticeRuleBooks ruleBooks, Export.PracticeHistoryExport history, ILogger<ModelRetrainJob> logger) : IJob
{
    /// <summary>Job data: the practice whose data the job works on (<see cref="Smart.SmartRegistration.JobsPractice"/>).</summary>
    public const string PracticeKey = "practice";
    public const string ModeKey = "mode";
    public const string TriggerKey = "trigger";
    public const string RetrainMode = "retrain";
    public const string CheckMode = "check";
    public const string LearnMode = "learn";
    public const string StartTrigger = "start";
    public const string Group = "model-retrain";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var tenant = data.GetString(PracticeKey) ?? "";
        var trigger = data.GetString(TriggerKey) ?? "schedule";
        if (data.GetString(ModeKey) != CheckMode)
        {
            try
            {
                // The practice's own history from its EHR when no history folder is configured.
                await history.EnsureAsync(tenant, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or Core.Claims.Sources.Bulk.BulkExportException)
            {
                logger.LogWarning("The history export of {Practice} failed ({Error}); training uses the history already there", tenant, ex.Message);
            }
        }
        switch (data.GetString(ModeKey))
        {
            case CheckMode:
                await retrainer.CheckAsync(tenant, cancellationToken);
                break;
            case LearnMode when trigger == StartTrigger:
                await ruleBooks.LearnIfNeverLearnedAsync(tenant, trigger, cancellationToken);
                break;
            case LearnMode:
                await ruleBooks.LearnAsync(tenant, trigger, cancellationToken);
                break;
            default:
                await ruleBooks.LearnAsync(tenant, trigger, cancellationToken);
                await retrainer.RetrainAsync(tenant, trigger, cancellationToken);
                break;
        }
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);
}
