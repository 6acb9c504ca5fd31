using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// The payer decision that stands for a claim among its ExplanationOfBenefits and ClaimResponses: the latest final
/// adjudication (EOB over ClaimResponse on the same day, as the EOB is what the payer sends last); queued, error
/// (rejected before adjudication) and pending outcomes, and empty ones, are not decisions. Shared by the denial labeler
/// (model labels) and the rule miner, so both read one decision per claim.
/// </summary>
internal static class LatestAdjudication
{
    /// <summary>The standing decision and its resource, or null; <paramref name="usable"/> counts the final decisions seen.</summary>
    public static (AdjudicationSummary Summary, Resource Resource)? Select(IEnumerable<ExplanationOfBenefit> eobs, IEnumerable<ClaimResponse> responses, out int usable)
    {
        var candidates = eobs
            .Where(e => e.Use is null or ClaimUseCode.Claim)
            .Select(e => (Summary: AdjudicationReader.Read(e), Rank: 1, Resource: (Resource)e))
            .Concat(responses
                .Where(r => r.Use is null or ClaimUseCode.Claim)
                .Select(r => (Summary: AdjudicationReader.Read(r), Rank: 0, Resource: (Resource)r)))
            .Where(c => c.Summary.Outcome is not (ClaimOutcomes.Queued or ClaimOutcomes.Error or ClaimOutcomes.Pending))
            .Where(c => c.Summary.Lines.Count > 0 || c.Summary.Reasons.Count > 0 || c.Summary.PaidAmount is not null)
            .OrderByDescending(c => c.Summary.Date ?? DateOnly.MinValue)
            .ThenByDescending(c => c.Rank)
            .ThenBy(c => c.Summary.Source, StringComparer.Ordinal)
            .ToList();
        usable = candidates.Count;
        return candidates.Count == 0 ? null : (candidates[0].Summary, candidates[0].Resource);
    }
}
