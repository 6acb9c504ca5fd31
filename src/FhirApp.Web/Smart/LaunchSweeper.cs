namespace FhirApp.Web.Smart;

/// <summary>Every few minutes, ends idle and expired launches (erasing their tokens) and deletes old launch rows.</summary>
public sealed class LaunchSweeper(LaunchStore launches, TimeProvider clock, ILogger<LaunchSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await launches.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a page that meets an idle launch ends it itself meanwhile.
                logger.LogWarning("Launch sweep failed: {Error}", ex.GetType().Name);
            }
        }
    }
}
