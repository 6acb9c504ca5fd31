using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The denials dashboard (<see cref="MetricsService"/>): read-only over the denials, appeals and corrections tables,
    /// plus the practice's rework cost. Needs AddAppData, AddScrubbing (payer names), AddDenials (its settings: the default
    /// rework cost and the deadline floor) and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricsService>();
        return services;
    }
}
