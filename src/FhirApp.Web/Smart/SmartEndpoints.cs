using Microsoft.AspNetCore.Authentication;

namespace FhirApp.Web.Smart;

/// <summary>/launch, standalone launch and the JWKS: minimal APIs outside the Blazor circuit, where a real HttpContext can set cookies and redirect.</summary>
public static class SmartEndpoints
{
    public static IEndpointRouteBuilder MapSmartEndpoints(this IEndpointRouteBuilder app)
    {
        // EHR launch. The iss is checked against smart-config/ before anything is sent anywhere.
        app.MapGet("/launch", (string? iss, string? launch, SmartRegistry registry) =>
        {
            if (string.IsNullOrWhiteSpace(iss) || string.IsNullOrWhiteSpace(launch))
            {
                return ErrorPage.Result(400, "This is not a valid EHR launch", "The launch link must carry both iss and launch. Launch FhirApp from the patient's chart in the EHR.");
            }
            if (registry.FindByIss(iss) is not { } registration)
            {
                return ErrorPage.Result(400, "This EHR is not registered", "FhirApp only connects to EHRs registered by your practice administrator (smart-config). Nothing was sent to the address in this link.");
            }
            var properties = new AuthenticationProperties();
            properties.Items[SmartOidcEvents.LaunchItem] = launch;
            return Results.Challenge(properties, [registration.Id]);
        });

        // Standalone launch: the user picks an EHR here and a patient at the EHR.
        app.MapGet("/launch/standalone/{registrationId}", (string registrationId, SmartRegistry registry) =>
            registry.FindById(registrationId) is { } registration
                ? Results.Challenge(new AuthenticationProperties(), [registration.Id])
                : ErrorPage.Result(404, "Unknown EHR", "There is no EHR registration with that name."));

        app.MapGet("/.well-known/jwks.json", (HttpContext http, AppSigningKeys keys) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Json(keys.PublicJwks());
        });
        return app;
    }
}
