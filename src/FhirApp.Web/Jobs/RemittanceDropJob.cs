using FhirApp.Core.Remittance;
using FhirApp.Web.Connections;
using FhirApp.Web.Smart;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>
/// Per practice with a <c>remittance.dropFolder</c>: imports the 835 files the clearinghouse left there into the
/// practice's denials (<see cref="RemittanceDropFolder"/>). Never overlaps itself; a run a dead node left is re-run,
/// which is safe (the import is idempotent and a file moves only after its store).
/// </summary>
[DisallowConcurrentExecution]
public sealed class RemittanceDropJob(RemittanceDropFolder drop, PracticeConnectionRegistry connections, ILogger<RemittanceDropJob> logger) : IJob
{
    public const string RegistrationKey = "registration";

    /// <summary>Job data: the practice whose denials the files go to (<see cref="SmartRegistration.JobsPractice"/>).</summary>
    public const string PracticeKey = "practice";
    public const string Group = RemittanceDropFolder.JobName;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registration = context.MergedJobDataMap.GetString(RegistrationKey) ?? "";
        var practice = context.MergedJobDataMap.GetString(PracticeKey) ?? "";
        var settings = connections.For(registration);
        if (settings.DropFolderPath is not { } folder || settings.Remittance is not { } remittance)
        {
            return;
        }

        var summary = await drop.RunAsync(practice, folder, TimeSpan.FromSeconds(remittance.SettleSeconds), cancellationToken);
        logger.LogInformation("835 drop folder of {Registration}: {Imported} imported, {Refused} refused, {Waiting} waiting",
            registration, summary.Imported, summary.Refused, summary.Waiting);
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);

    /// <summary>One job and trigger per registration with a drop folder (fixed keys, as every job here).</summary>
    internal static void Schedule(IQuartzBuilder q, SmartRegistry registry, PracticeConnectionRegistry connections)
    {
        foreach (var registration in registry.Registrations)
        {
            if (connections.For(registration.Id).Remittance is not { } remittance)
            {
                continue;
            }

            var job = KeyFor(registration.Id);
            q.AddJob<RemittanceDropJob>(j => j.WithIdentity(job).UsingJobData(RegistrationKey, registration.Id)
                .UsingJobData(PracticeKey, registration.JobsPractice).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(job).WithIdentity(registration.Id, Group).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(remittance.PollIntervalSeconds)).RepeatForever()));
        }
    }
}
