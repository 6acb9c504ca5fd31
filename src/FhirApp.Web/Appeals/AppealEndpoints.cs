using FhirApp.Core.Appeals;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Appeals;

/// <summary>The saved appeal letter as a PDF download, for the launch that may see the claim.</summary>
public static class AppealEndpoints
{
    public static void MapAppealEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/l/{launchId}/claims/{claimId}/appeal.pdf", async (string launchId, string claimId, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, CancellationToken ct) =>
        {
            var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
            if (launch is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            // The same launch-context check as the claim's page: a patient launch reaches its own patient's claims only.
            var view = await claims.GetAsync(launch, refresh: false, ct);
            var (access, _) = await claims.GetClaimAsync(launch, view, claimId, ct);
            if (access != ClaimAccess.Allowed)
            {
                return Results.StatusCode(access == ClaimAccess.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound);
            }

            var saved = (await log.ForClaimsAsync(launch.Registration.Id, [claimId], ct)).LastOrDefault(a => a.Html is not null);
            return saved is null
                ? Results.NotFound("Save the letter first: the PDF is the letter as saved.")
                : Results.File(AppealService.Pdf(saved.Html!, claimId), "application/pdf", $"appeal-{claimId}.pdf");
        });
}
