using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Appeals;

public static class AppealsServiceCollectionExtensions
{
    /// <summary>
    /// Appeal packets and letters (criteria and templates from Appeals:ContentDirectory, else the shipped content) and the
    /// practice's appeal log. Needs AddAppData, AddDenials and a TimeProvider.
    /// </summary>
    public static IServiceCollection AddAppeals(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => AppealContent.Load(configuration["Appeals:ContentDirectory"]));
        services.AddSingleton<AppealService>();
        services.AddSingleton<AppealLog>();
        return services;
    }
}
