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
    /// <summary>The standing decision and its resource, or null.</summary>
    public static (AdjudicationSummary Summary, Resource Resource)? Select(IEnumerable<ExplanationOfBenefit> eobs, IEnumerable<ClaimResponse> responses)
    {
        // Ordered by what the summaries' order needs (date, EOB first, source) without reading them: the first one that
        // is a final decision stands, so usually only one resource is read.
        var candidates = eobs
            .Where(e => e.Use is null or ClaimUseCode.Claim)
            .Select(e => (Date: FhirValues.ToDate(e.Created), Rank: 1, Source: "ExplanationOfBenefit/" + e.Id, Resource: (Resource)e))
            .Concat(responses
                .Where(r => r.Use is null or ClaimUseCode.Claim)
                .Select(r => (Date: FhirValues.ToDate(r.Created), Rank: 0, Source: "ClaimResponse/" + r.Id, Resource: (Resource)r)))
            .OrderByDescending(c => c.Date ?? DateOnly.MinValue)
            .ThenByDescending(c => c.Rank)
            .ThenBy(c => c.Source, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var summary = candidate.Resource is ExplanationOfBenefit eob ? AdjudicationReader.Read(eob) : AdjudicationReader.Read((ClaimResponse)candidate.Resource);
            if (summary.Outcome is not (ClaimOutcomes.Queued or ClaimOutcomes.Error or ClaimOutcomes.Pending)
                && (summary.Lines.Count > 0 || summary.Reasons.Count > 0 || summary.PaidAmount is not null))
            {
                return (summary, candidate.Resource);
            }
        }

        return null;
    }
}
