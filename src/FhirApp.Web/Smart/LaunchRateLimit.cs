using FhirApp.Core.Common;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FhirApp.Web.Smart;

/// <summary>
/// Limits on starting sign-ins, the app's only unauthenticated work (configuration section "Smart:LaunchRateLimit"):
/// per client address, at most <see cref="PermitsPerWindow"/> starts per <see cref="WindowSeconds"/>; and at most
/// <see cref="MaxPendingSignIns"/> sign-ins in progress at once in the whole app (each expires after 10 minutes).
/// </summary>
public sealed class LaunchRateLimit
{
    public const string Section = "Smart:LaunchRateLimit";
    public const string Policy = "launch";

    [Range(1, 100_000)]
    public int PermitsPerWindow { get; set; } = 30;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    [Range(10, 10_000_000)]
    public int MaxPendingSignIns { get; set; } = 10_000;

    /// <summary>The "launch" rate-limiting policy: a fixed window per client address; a refusal is a plain 429 page.</summary>
    public static void AddPolicy(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSection<LaunchRateLimit>(configuration, Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(ErrorPage.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                "Too many sign-ins", "FhirApp received too many sign-in attempts from this computer. Wait a minute, then launch it again from the EHR."));
            limiter.AddPolicy(Policy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LaunchRateLimit>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitsPerWindow,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
    }
}
