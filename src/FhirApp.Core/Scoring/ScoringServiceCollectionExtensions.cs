using System.Globalization;
using FhirApp.Core.Common;
using FhirApp.Core.Scoring.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Scoring;

public static class ScoringServiceCollectionExtensions
{
    public const string Section = "Scoring";

    /// <summary>
    /// The denial-risk model's registry, the retrainer and its progress board, each practice's learned payer rules, with the "Scoring" settings bound and
    /// validated once. Needs AddAppData, AddScrubbing (the rule book) and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSection<ScoringOptions>(configuration, Section, Check);
        services.AddSingleton<TrainingProgressBoard>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<RiskOverrides>();
        services.AddSingleton<ModelRetrainer>();
        services.AddSingleton<Learning.PracticeRuleBooks>();
        return services;
    }

    private static IEnumerable<string> Check(ScoringOptions o)
    {
        if (o.AucFloor is not (> 0.5 and <= 1.0))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{nameof(o.AucFloor)}: must be above 0.5 and at most 1.0, not {o.AucFloor}.");
        }
        if (o.AucWindowDays is not (>= 1 and <= 365))
        {
            yield return $"{nameof(o.AucWindowDays)}: must be between 1 and 365 days.";
        }
        if (o.MinCheckClaims < 1)
        {
            yield return $"{nameof(o.MinCheckClaims)}: must be at least 1.";
        }
    }
}
