using FhirApp.Web.Smart;

namespace FhirApp.Web.Connections;

public static class PracticeConnectionsServiceCollectionExtensions
{
    /// <summary>
    /// Loads the practices' connections from the smart-config/ directory the SMART registrations come from (same
    /// setting, same default), so each file keeps a practice's whole set-up in one place.
    /// </summary>
    public static IServiceCollection AddPracticeConnections(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = Path.GetFullPath(configuration["Smart:ConfigDirectory"] ?? SmartAuthentication.FindUp(environment.ContentRootPath, "smart-config"), environment.ContentRootPath);
        services.AddSingleton(PracticeConnectionRegistry.LoadDirectory(directory, environment.ContentRootPath));
        return services;
    }
}
