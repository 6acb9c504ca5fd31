using FhirApp.Core.Scoring.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// The model registry, the retrainer and its progress board. Needs AddAppData, a TimeProvider and a
    /// <see cref="Scrubbing.RuleBook"/> registered.
    /// </summary>
    public static IServiceCollection AddScoring(this IServiceCollection services, ScoringOptions? options = null)
    {
        services.AddSingleton(options ?? new ScoringOptions());
        services.AddSingleton<TrainingProgressBoard>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<RiskOverrides>();
        services.AddSingleton<ModelRetrainer>();
        return services;
    }
}
