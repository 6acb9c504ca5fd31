using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Corrections;

/// <summary>
/// A corrected claim draft for one finding: the whole FHIR Claim after the fix (status draft, never sent anywhere), what
/// changed, and why. Offered only when scrubbing the draft clears the finding and raises no new hold or review finding.
/// </summary>
public sealed record CorrectionProposal(ScrubFinding Finding, ClaimFix Fix, Claim Draft, IReadOnlyList<ClaimChange> Changes);

/// <summary>Turns findings that carry a <see cref="ClaimFix"/> into verified corrected-claim drafts.</summary>
public sealed class ClaimCorrector(ClaimScrubber scrubber)
{
    /// <summary>A verified proposal for each fixable finding of the claim, in finding order.</summary>
    public IReadOnlyList<CorrectionProposal> Propose(ClaimContext context, ScrubResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        if (context.Claim is null)
        {
            return [];
        }
        var proposals = new List<CorrectionProposal>();
        foreach (var finding in result.Findings.Where(f => f.Fix is not null))
        {
            if (Verify(context, result, finding, context.Claim) is { } proposal)
            {
                proposals.Add(proposal);
            }
        }
        return proposals;
    }

    /// <summary>
    /// Applies <paramref name="finding"/>'s fix on top of <paramref name="baseClaim"/> (the original claim or an earlier
    /// accepted draft) and checks the result; null when the fix changes nothing, fails, or does not clear the finding.
    /// </summary>
    public CorrectionProposal? Verify(ClaimContext context, ScrubResult before, ScrubFinding finding, Claim baseClaim)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(baseClaim);
        if (finding.Fix is not { } fix)
        {
            return null;
        }
        var draft = (Claim)baseClaim.DeepCopy();
        IReadOnlyList<ClaimChange> changes;
        try
        {
            changes = fix.ApplyTo(draft);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null;
        }
        if (changes.Count == 0)
        {
            return null;
        }
        draft.Status = FinancialResourceStatusCodes.Draft;
        var after = scrubber.Scrub(context with { Claim = draft });
        if (after.Error is not null || after.Findings.Any(f => Same(f, finding)))
        {
            return null;
        }
        var known = before.Findings.Select(Key).ToHashSet();
        var raised = after.Findings.Where(f => f.Severity != FindingSeverity.Info && !known.Contains(Key(f)));
        return raised.Any() ? null : new CorrectionProposal(finding, fix, draft, changes);
    }

    private static bool Same(ScrubFinding a, ScrubFinding b) => a.RuleId == b.RuleId && a.LineSequence == b.LineSequence;

    private static (string, int?) Key(ScrubFinding f) => (f.RuleId, f.LineSequence);
}
