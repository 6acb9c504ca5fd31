using FhirApp.Core.Common;
using Microsoft.Extensions.Configuration;
using FhirApp.Core.Scrubbing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Denials;

public static class DenialsServiceCollectionExtensions
{
    public const string Section = "Denials";

    /// <summary>
    /// The denials intake (<see cref="IAdjudicationSink"/>), detector, deadlines, triage and <see cref="DenialService"/>,
    /// with the "Denials" settings bound and validated once. Needs AddAppData, AddScrubbing (payer appeal windows) and a
    /// TimeProvider.
    /// </summary>
    public static IServiceCollection AddDenials(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSection<DenialOptions>(configuration, Section);
        services.AddSingleton(sp => DenialCauseTable.Load(sp.GetRequiredService<DenialOptions>().ContentDirectory));
        services.AddSingleton(sp => new DenialDetector(sp.GetRequiredService<DenialCauseTable>(), sp.GetRequiredService<RuleBook>().Directory));
        services.AddSingleton<DenialTriage>();
        services.AddSingleton(sp => new DenialDeadlines(sp.GetRequiredService<RuleBook>().Payers, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAdjudicationSink, DenialIntake>();
        services.AddSingleton<DenialService>();
        return services;
    }
}
