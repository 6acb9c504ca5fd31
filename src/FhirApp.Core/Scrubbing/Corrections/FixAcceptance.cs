using FhirApp.Core.Audit;
using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Learning;

namespace FhirApp.Core.Scrubbing.Corrections;

/// <summary>
/// A biller accepts a proposed fix. After earlier accepted fixes the fix is re-applied and re-verified on the latest
/// draft, so drafts stack, and a fix that no longer applies (already there, or an earlier fix changed the same element)
/// is refused instead of stored. Verified with the practice's scrubber (its learned payer rules included), as the
/// claim page scrubbed the claim.
/// </summary>
public sealed class FixAcceptance(CorrectionLog log, PracticeRuleBooks ruleBooks, ClaimCorrector corrector)
{
    /// <summary>The stored correction, or null when the fix no longer applies to the latest draft (nothing stored).</summary>
    public async Task<ClaimCorrection?> AcceptAsync(string tenant, ClaimContext context, CorrectionProposal proposal, AuditActor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(proposal);
        var toStore = proposal;
        if (context.Claim?.Id is { } claimId && await log.LatestDraftAsync(tenant, claimId, ct) is { } latest)
        {
            var scrubber = await ruleBooks.ScrubberAsync(tenant, ct);
            toStore = corrector.Verify(context, scrubber.Scrub(context with { Claim = latest }), proposal.Finding, latest);
        }
        return toStore is null ? null : await log.AcceptAsync(tenant, toStore, by, ct);
    }
}
