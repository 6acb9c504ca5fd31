using FhirApp.Core.Scrubbing.Corrections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Scrubbing;

public static class ScrubbingServiceCollectionExtensions
{
    /// <summary>
    /// The rule book (payer policies and code tables from Scrubbing:ContentDirectory, else the shipped starter set), the
    /// scrubber, the corrections and the practice's decisions about findings (overrides, rule switches, its auth log) and the findings each claim version
    /// had when first scrubbed (what a denial is traced to).
    /// Needs AddAppData and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddScrubbing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => RuleBookLoader.Load(configuration["Scrubbing:ContentDirectory"]));
        services.AddSingleton(sp => new ClaimScrubber(sp.GetRequiredService<RuleBook>(), ScrubRules.All, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClaimCorrector>();
        services.AddSingleton<CorrectionLog>();
        services.AddSingleton<FixAcceptance>();
        services.AddSingleton<FindingDecisions>();
        services.AddSingleton<AuthorizationLog>();
        services.AddSingleton<FindingSnapshots>();
        return services;
    }
}
