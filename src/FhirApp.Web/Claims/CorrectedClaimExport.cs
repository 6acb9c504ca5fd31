using FhirApp.Core.Audit;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Corrections.X12;
using FhirApp.Web.Connections;
using FhirApp.Web.Smart;

namespace FhirApp.Web.Claims;

/// <summary>
/// The accepted corrected-claim draft of a claim as an 837P file (replacement by default, or void), for the launch that
/// may see the claim: the same audited check as the claim page and the appeal PDF
/// (<see cref="PatientClaimsService.GetClaimAsync"/>). The draft stays the source of truth; the file is made from it on
/// each download, with the practice's submitter settings (claimSubmission in smart-config).
/// </summary>
public sealed class CorrectedClaimExport(PatientClaimsService claims, CorrectionLog corrections, PracticeConnectionRegistry connections, AuditTrail audit, TimeProvider clock)
{
    // ISA13 must differ per file a submitter sends: seconds since 2024 (9 digits until 2055). Two downloads of one
    // practice in the same second would share it; the clearinghouse then refuses the second, and the biller downloads again.
    private static readonly DateTimeOffset ControlEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<CorrectedClaimFile> BuildAsync(LaunchContext launch, string claimId, ClaimFrequency frequency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var view = await claims.GetAsync(launch, refresh: false, ct);
        var (access, _) = await claims.GetClaimAsync(launch, view, claimId, ct);
        if (access == ClaimAccess.Forbidden)
        {
            return CorrectedClaimFile.Refused(CorrectedClaimProblem.Forbidden, "This launch may not see this claim.");
        }

        if (access != ClaimAccess.Allowed || !view.Contexts.TryGetValue(claimId, out var context))
        {
            return CorrectedClaimFile.Refused(CorrectedClaimProblem.NotFound, access == ClaimAccess.Unavailable
                ? "The EHR could not return this claim right now. Try again in a moment."
                : "This claim is not among the claims of this launch.");
        }

        if (await corrections.LatestDraftAsync(launch.Practice, claimId, ct) is not { } draft)
        {
            return CorrectedClaimFile.Refused(CorrectedClaimProblem.NoDraft, "No fix has been accepted for this claim, so there is no corrected claim to download.");
        }

        if (connections.For(launch.Registration.Id).ClaimSubmission is not { } submitter)
        {
            return CorrectedClaimFile.Refused(CorrectedClaimProblem.NotConfigured,
                "This practice has not set up where corrected claim files go (its clearinghouse settings). Ask the practice's administrator.");
        }

        var control = (int)(((clock.GetUtcNow() - ControlEpoch).Ticks / TimeSpan.TicksPerSecond % 999_999_999) + 1);
        var result = new Claim837PWriter(clock).Write(draft, context, submitter with { ControlNumber = control }, frequency);
        // Execute, not Read: reads of one claim within a minute are coalesced into the page's own read.
        await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(AuditAction.Execute, $"Claim/{claimId}", "corrected-claim-837",
            AuditRecord.PatientOf(context.Patient?.Id) ?? launch.PatientReference, result.IsValid ? AuditOutcome.Success : AuditOutcome.Failed), ct);
        return result.IsValid
            ? new CorrectedClaimFile { Content = result.Content, FileName = result.FileName }
            : CorrectedClaimFile.Refused(CorrectedClaimProblem.Invalid, "The corrected claim cannot be written as an 837P file yet:", [.. result.Issues.Select(i => i.ToString())]);
    }
}
