using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The denials dashboard (<see cref="MetricsService"/>): read-only over the denials, appeals and corrections tables,
    /// plus the practice's rework cost. Needs AddAppData, AddScrubbing (payer names), AddDenials (its settings: the default
    /// rework cost and the deadline floor) and a TimeProvider.
    /// </summary>
    /// <remarks>Not "AddMetrics": Microsoft.Extensions.Diagnostics owns that name on IServiceCollection (System.Diagnostics.Metrics).</remarks>
    public static IServiceCollection AddDenialMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricsService>();
        return services;
    }
}
