using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirApp.Core.Denials.Intake;

public static class IntakeServiceCollectionExtensions
{
    /// <summary>The poller and, unless a sink is registered already, the default <see cref="AdjudicationReceiptSink"/>.</summary>
    public static IServiceCollection AddAdjudicationIntake(this IServiceCollection services)
    {
        services.TryAddSingleton<IAdjudicationSink, AdjudicationReceiptSink>();
        services.AddScoped<AdjudicationPoller>();
        services.AddSingleton<JobStatusReader>();
        return services;
    }
}
