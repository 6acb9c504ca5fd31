using FhirApp.Core.Scrubbing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Denials;

public static class DenialsServiceCollectionExtensions
{
    /// <summary>
    /// The denials intake (<see cref="IAdjudicationSink"/>), detector, deadlines, triage and <see cref="DenialService"/>.
    /// Needs AddAppData, a TimeProvider and a <see cref="RuleBook"/> (payer appeal windows) registered.
    /// </summary>
    public static IServiceCollection AddDenials(this IServiceCollection services, DenialOptions? options = null)
    {
        options ??= new DenialOptions();
        services.AddSingleton(options);
        services.AddSingleton(_ => DenialCauseTable.Load(options.ContentDirectory));
        services.AddSingleton<DenialDetector>();
        services.AddSingleton<DenialTriage>();
        services.AddSingleton(sp => new DenialDeadlines(sp.GetRequiredService<RuleBook>().Payers, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAdjudicationSink, DenialIntake>();
        services.AddSingleton<DenialService>();
        return services;
    }
}
