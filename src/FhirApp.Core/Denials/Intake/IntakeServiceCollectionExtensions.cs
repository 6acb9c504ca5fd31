using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirApp.Core.Denials.Intake;

public static class IntakeServiceCollectionExtensions
{
    /// <summary>The poller (it hands each page to the registered <see cref="IAdjudicationSink"/>, AddDenials's intake) and the jobs' status.</summary>
    public static IServiceCollection AddAdjudicationIntake(this IServiceCollection services)
    {
        services.AddScoped<AdjudicationPoller>();
        services.AddScoped<BulkExportIntake>();
        services.AddSingleton<JobStatusReader>();
        return services;
    }
}
