using FhirApp.Core.Denials;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>
/// Daily, per practice: denials within the deadline floor (Denials:DeadlineFloorDays) get an escalation note once, so
/// the queue's call log shows who must act before the window closes. Never overlaps itself; logs counts only.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DenialEscalationJob(DenialService denials, ILogger<DenialEscalationJob> logger) : IJob
{
    /// <summary>Job data: the practice whose data the job works on (<see cref="Smart.SmartRegistration.JobsPractice"/>).</summary>
    public const string PracticeKey = "practice";
    public const string Group = "denial-escalation";

    public static readonly TimeSpan Interval = TimeSpan.FromHours(24);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = context.MergedJobDataMap.GetString(PracticeKey) ?? "";
        var escalated = await denials.EscalateAsync(tenant, cancellationToken);
        logger.LogInformation("Denial escalation for {Registration}: {Count} item(s) escalated", tenant, escalated);
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);
}
