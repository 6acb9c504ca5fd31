using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace FhirApp.Web.Smart;

/// <summary>/launch, standalone launch and the JWKS: minimal APIs outside the Blazor circuit, where a real HttpContext can set cookies and redirect.</summary>
public static class SmartEndpoints
{
    public static IEndpointRouteBuilder MapSmartEndpoints(this IEndpointRouteBuilder app)
    {
        // EHR launch from a patient's chart (patient/ scopes) or from the billing worklist (/launch/practice: user/ scopes).
        // The iss is checked against smart-config/ before anything is sent anywhere.
        // Every start of a sign-in is rate-limited per client address (LaunchRateLimit): a flood of starts cannot fill the
        // pending sign-ins or hammer the EHRs' discovery endpoints.
        app.MapGet("/launch", (string? iss, string? launch, SmartRegistry registry, IOptionsMonitor<OpenIdConnectOptions> oidc, HttpContext http) =>
            EhrLaunchAsync(iss, launch, LaunchKind.Patient, registry, oidc, http)).RequireRateLimiting(LaunchRateLimit.Policy);
        app.MapGet("/launch/practice", (string? iss, string? launch, SmartRegistry registry, IOptionsMonitor<OpenIdConnectOptions> oidc, HttpContext http) =>
            EhrLaunchAsync(iss, launch, LaunchKind.Practice, registry, oidc, http)).RequireRateLimiting(LaunchRateLimit.Policy);

        // Standalone launch: the user picks an EHR here and a patient at the EHR.
        app.MapGet("/launch/standalone/{registrationId}", async (string registrationId, SmartRegistry registry, IOptionsMonitor<OpenIdConnectOptions> oidc, HttpContext http) =>
        {
            if (registry.FindById(registrationId) is not { } registration)
            {
                return ErrorPage.Result(404, "Unknown EHR", "There is no EHR registration with that name.");
            }
            return await DiscoverAsync(registration, oidc, http.RequestAborted)
                ? Results.Challenge(new AuthenticationProperties(), [registration.Id])
                : Unreachable(registration);
        }).RequireRateLimiting(LaunchRateLimit.Policy);

        app.MapGet("/.well-known/jwks.json", (HttpContext http, AppSigningKeys keys) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Json(keys.PublicJwks());
        });
        return app;
    }

    private static async Task<IResult> EhrLaunchAsync(string? iss, string? launch, LaunchKind kind, SmartRegistry registry, IOptionsMonitor<OpenIdConnectOptions> oidc, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(iss) || string.IsNullOrWhiteSpace(launch))
        {
            return ErrorPage.Result(400, "This is not a valid EHR launch", "The launch link must carry both iss and launch. Launch FhirApp from the patient's chart in the EHR.");
        }
        if (registry.FindByIss(iss) is not { } registration)
        {
            return ErrorPage.Result(400, "This EHR is not registered", "FhirApp only connects to EHRs registered by your practice administrator (smart-config). Nothing was sent to the address in this link.");
        }
        if (!await DiscoverAsync(registration, oidc, http.RequestAborted))
        {
            return Unreachable(registration);
        }
        var properties = new AuthenticationProperties();
        properties.Items[SmartOidcEvents.LaunchItem] = launch;
        properties.Items[SmartOidcEvents.KindItem] = kind.ToString();
        return Results.Challenge(properties, [registration.Id]);
    }

    /// <summary>Reads (or reuses) the EHR's SMART configuration before redirecting, so an EHR that is down gets a clear page, not a 500.</summary>
    private static async Task<bool> DiscoverAsync(SmartRegistration registration, IOptionsMonitor<OpenIdConnectOptions> oidc, CancellationToken ct)
    {
        try
        {
            await oidc.Get(registration.Id).ConfigurationManager!.GetConfigurationAsync(ct);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // the configuration manager wraps network and format failures
        }
    }

    private static IResult Unreachable(SmartRegistration registration) =>
        ErrorPage.Result(502, "The EHR could not be reached", $"FhirApp could not read the sign-in settings of {registration.Name}. Try again in a moment; if it keeps failing, tell your administrator.");
}
