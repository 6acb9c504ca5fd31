using System.IO.Compression;
using FhirApp.Core.Appeals;
using FhirApp.Web.Claims;
using FhirApp.Web.Smart;
using Microsoft.AspNetCore.Mvc;

namespace FhirApp.Web.Appeals;

/// <summary>Saved appeal letters as PDF downloads (one, or a ZIP of several), for the launch that may see each claim.</summary>
public static class AppealEndpoints
{
    public static void MapAppealEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/l/{launchId}/appeals.zip", async (string launchId, [FromQuery(Name = "claim")] string[] claimIds, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, CancellationToken ct) =>
        {
            if (await LettersAsync(launchId, claimIds, http, launches, claims, log, ct) is not { } letters)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (claimId, pdf) in letters)
                {
                    await using var entry = archive.CreateEntry(FileName(claimId)).Open();
                    await entry.WriteAsync(pdf, ct);
                }
            }

            return Results.File(zip.ToArray(), "application/zip", "appeals.zip");
        });

        app.MapGet("/l/{launchId}/claims/{claimId}/appeal.pdf", async (string launchId, string claimId, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, CancellationToken ct) =>
            await LettersAsync(launchId, [claimId], http, launches, claims, log, ct) switch
            {
                null => Results.StatusCode(StatusCodes.Status403Forbidden),
                [var (_, pdf)] => Results.File(pdf, "application/pdf", FileName(claimId)),
                _ => Results.NotFound("No saved letter for this claim in this launch: save the letter first (the PDF is the letter as saved)."),
            });

        // The export for the payer's portal or fax, as the appeal screen marked it exported: the saved letter (behind a fax
        // cover sheet for a fax channel). Reading it changes nothing; the screen records the export and its confirmation.
        app.MapGet("/l/{launchId}/claims/{claimId}/appeal-export.pdf", async (string launchId, string claimId, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, AppealSender sender, CancellationToken ct) =>
        {
            var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
            if (launch is not { Ended: false })
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var view = await claims.GetAsync(launch, refresh: false, ct);
            if ((await claims.GetClaimAsync(launch, view, claimId, ct)).Access != ClaimAccess.Allowed || !view.Contexts.TryGetValue(claimId, out var context))
            {
                return Results.NotFound();
            }

            var exported = (await log.ForClaimsAsync(launch.Practice, [claimId], ct)).LastOrDefault(a => a.Channel is not null && a.Html is not null);
            if (exported is null)
            {
                return Results.NotFound("No exported letter for this claim: export it from the appeal screen first.");
            }

            var reference = AppealService.ReferenceOf(context);
            var channel = sender.ChannelFor(exported.PayerId);
            var html = exported.Channel == AppealSender.Fax ? AppealService.WithFaxCover(exported.Html!, channel.Fax ?? "(the payer's appeals fax)", "Appeal: " + reference) : exported.Html!;
            return Results.File(AppealService.Pdf(html, reference), "application/pdf", FileName(claimId).Replace(".pdf", exported.Channel == AppealSender.Fax ? "-fax.pdf" : "-portal.pdf", StringComparison.Ordinal));
        });
    }

    /// <summary>
    /// "appeal-{claim id}.pdf" with only [A-Za-z0-9._-] kept: claim ids come from the EHR, and a ZIP entry or download
    /// name must never carry a path ("../", "/", "\\") into the user's folder.
    /// </summary>
    internal static string FileName(string claimId)
    {
        var safe = new string([.. claimId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Replace("..", "_", StringComparison.Ordinal);
        return $"appeal-{safe}.pdf";
    }

    /// <summary>
    /// The saved letters, as PDFs, of those claims this browser session's launch may see (the same launch-context check
    /// as the claim's page: a patient launch reaches its own patient's claims only); null when the launch is not this session's.
    /// </summary>
    private static async Task<List<(string ClaimId, byte[] Pdf)>?> LettersAsync(
        string launchId, IReadOnlyCollection<string> claimIds, HttpContext http, LaunchStore launches, PatientClaimsService claims, AppealLog log, CancellationToken ct)
    {
        var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
        if (launch is not { Ended: false })
        {
            return null;
        }

        var view = await claims.GetAsync(launch, refresh: false, ct);
        var saved = await log.ForClaimsAsync(launch.Practice, claimIds, ct);
        var letters = new List<(string, byte[])>();
        foreach (var claimId in claimIds.Distinct(StringComparer.Ordinal))
        {
            if ((await claims.GetClaimAsync(launch, view, claimId, ct)).Access == ClaimAccess.Allowed
                && saved.LastOrDefault(a => a.ClaimId == claimId && a.Html is not null) is { } letter)
            {
                var reference = view.Contexts.TryGetValue(claimId, out var context) ? AppealService.ReferenceOf(context) : "claim";
                letters.Add((claimId, AppealService.Pdf(letter.Html!, reference)));
            }
        }

        return letters;
    }
}
