using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace FhirApp.Web.Operations;

/// <summary>
/// The Quartz scheduler runs (started, not shut down, not in standby) and its job store answers (on a persistent or
/// clustered store, listing trigger groups reads the database). With Jobs:Enabled false there is no scheduler, by
/// design: Healthy. Quartz 4 ships no health check outside Quartz.AspNetCore, which this app does not use.
/// </summary>
public sealed class SchedulerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return HealthCheckResult.Healthy("disabled");
        }
        var scheduler = await factory.GetScheduler(cancellationToken);
        if (await scheduler.GetStatus(cancellationToken) != SchedulerStatus.Running)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "not running");
        }
        try
        {
            await scheduler.GetTriggerGroupNames(cancellationToken);
        }
        catch (SchedulerException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "job store unreachable");
        }
        return HealthCheckResult.Healthy();
    }
}
