using FhirApp.Core.Eligibility;
using FhirApp.Web.Connections;

namespace FhirApp.Web.Eligibility;

public static class EligibilityWebServiceCollectionExtensions
{
    /// <summary>
    /// Eligibility checks: the Core service, one clearinghouse client per practice that has one (its API key from the
    /// configuration key the practice's file names: user-secrets or the environment), and the claim screens' services.
    /// Needs AddPracticeConnections first.
    /// </summary>
    public static IServiceCollection AddEligibilityChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var connections = services.Select(d => d.ImplementationInstance).OfType<PracticeConnectionRegistry>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddPracticeConnections must come before AddEligibilityChecks.");
        services.AddEligibility();
        foreach (var (registration, practice) in connections.All)
        {
            if (practice.Eligibility?.Clearinghouse is { } clearinghouse)
            {
                services.AddClearinghouse(registration, clearinghouse, clearinghouse.ApiKeySetting is { } setting ? configuration[setting] : null);
            }
        }

        services.AddSingleton<EligibilityResponses>();
        services.AddSingleton<EligibilityChecks>();
        return services;
    }
}
