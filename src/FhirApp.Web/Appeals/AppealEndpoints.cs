using System.IO.Compression;
using FhirApp.Core.Appeals;
using Microsoft.AspNetCore.Mvc;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Appeals;

/// <summary>Saved appeal letters as PDF downloads (one, or a ZIP of several), for the launch that may see each claim.</summary>
public static class AppealEndpoints
{
    public static void MapAppealEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/l/{launchId}/appeals.zip", async (string launchId, [FromQuery(Name = "claim")] string[] claimIds, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, CancellationToken ct) =>
        {
            var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
            if (launch is null)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var view = await claims.GetAsync(launch, refresh: false, ct);
            var saved = await log.ForClaimsAsync(launch.Registration.Id, claimIds, ct);
            var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var claimId in claimIds.Distinct(StringComparer.Ordinal))
                {
                    // Each claim passes the same launch-context check as its page; one the launch may not see is left out.
                    if ((await claims.GetClaimAsync(launch, view, claimId, ct)).Access != ClaimAccess.Allowed
                        || saved.LastOrDefault(a => a.ClaimId == claimId && a.Html is not null) is not { } letter)
                    {
                        continue;
                    }

                    await using var entry = archive.CreateEntry($"appeal-{claimId}.pdf").Open();
                    await entry.WriteAsync(AppealService.Pdf(letter.Html!, claimId), ct);
                }
            }

            return Results.File(zip.ToArray(), "application/zip", "appeals.zip");
        });

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
}
