using FhirApp.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Appeals;

public static class AppealsServiceCollectionExtensions
{
    public const string Section = "Appeals";

    /// <summary>
    /// Appeal packets and letters (criteria and templates from Appeals:ContentDirectory, else the shipped content) and the
    /// practice's appeal log, with the "Appeals" settings bound and validated once. Needs AddAppData, AddScrubbing, AddDenials
    /// and a TimeProvider; the web host adds the sender (an HTTP client for CDex) and the workflow over them.
    /// </summary>
    public static IServiceCollection AddAppeals(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedSection<AppealOptions>(configuration, Section, Check);
        services.AddSingleton(sp => AppealContent.Load(sp.GetRequiredService<AppealOptions>().ContentDirectory));
        services.AddSingleton<AppealService>();
        services.AddSingleton<AppealLog>();
        return services;
    }

    private static IEnumerable<string> Check(AppealOptions options)
    {
        if (options.AddendumLeadDays < 0)
        {
            yield return "AddendumLeadDays: must be 0 or more.";
        }

        if (options.LateEntryDays < 1)
        {
            yield return "LateEntryDays: must be 1 or more.";
        }

        foreach (var (payer, channel) in options.Payers)
        {
            if (channel.Channel is not (AppealSender.Cdex or AppealSender.Portal or AppealSender.Fax))
            {
                yield return $"Payers:{payer}:Channel: must be cdex, portal or fax.";
            }
            else if (channel.Channel == AppealSender.Cdex && !Uri.TryCreate(channel.Endpoint, UriKind.Absolute, out _))
            {
                yield return $"Payers:{payer}:Endpoint: a cdex channel needs the payer's FHIR base URL.";
            }
        }
    }
}
