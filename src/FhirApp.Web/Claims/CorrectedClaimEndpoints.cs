using System.Text;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing.Corrections.X12;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Claims;

/// <summary><c>GET /l/{launch}/claims/{id}/corrected.837[?frequency=void]</c>: the accepted corrected claim as an 837P file.</summary>
public static class CorrectedClaimEndpoints
{
    public static void MapCorrectedClaimEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/l/{launchId}/claims/{claimId}/corrected.837", async (string launchId, string claimId, string? frequency, HttpContext http, LaunchStore launches, CorrectedClaimExport export, DenialService denials, CancellationToken ct) =>
        {
            var launch = await launches.GetAsync(launchId, http.User.FindFirst(SmartAuthentication.SessionClaim)?.Value, ct);
            if (launch is not { Ended: false })
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var kind = frequency switch
            {
                null or "" or "replacement" or "7" => ClaimFrequency.Replacement,
                "void" or "8" => ClaimFrequency.Void,
                _ => (ClaimFrequency?)null,
            };
            if (kind is null)
            {
                return Results.BadRequest("Choose replacement or void.");
            }

            var file = await export.BuildAsync(launch, claimId, kind.Value, ct);
            if (file.Content is { } content)
            {
                if (kind == ClaimFrequency.Replacement)
                {
                    // The biller took the replacement claim for the clearinghouse: its corrected-claim denials move on.
                    await denials.MarkCorrectedClaimSentAsync(launch.Denials, claimId, launch.Actor, ct);
                }

                return Results.File(Encoding.ASCII.GetBytes(content), "application/edi-x12", file.FileName);
            }

            var text = string.Join('\n', [file.Message, .. file.Details]);
            return file.Problem switch
            {
                CorrectedClaimProblem.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
                CorrectedClaimProblem.NotFound or CorrectedClaimProblem.NoDraft => Results.Text(text, "text/plain", statusCode: StatusCodes.Status404NotFound),
                CorrectedClaimProblem.NotConfigured => Results.Text(text, "text/plain", statusCode: StatusCodes.Status409Conflict),
                _ => Results.Text(text, "text/plain", statusCode: StatusCodes.Status422UnprocessableEntity),
            };
        });
}
