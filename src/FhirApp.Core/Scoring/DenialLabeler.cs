using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Turns a claim's ClaimResponses and EOBs into a <see cref="DenialLabel"/>. The latest final adjudication wins
/// (<see cref="LatestAdjudication"/>: EOB over ClaimResponse on the same day); queued and error (rejected before
/// adjudication) outcomes are not labels; a claim with no usable adjudication has no label.
/// </summary>
public static class DenialLabeler
{
    public static DenialLabel? Label(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Label(context.ExplanationsOfBenefit, context.ClaimResponses);
    }

    /// <summary>The label from a claim's EOBs and ClaimResponses.</summary>
    public static DenialLabel? Label(IEnumerable<Hl7.Fhir.Model.ExplanationOfBenefit> eobs, IEnumerable<Hl7.Fhir.Model.ClaimResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(eobs);
        ArgumentNullException.ThrowIfNull(responses);
        if (LatestAdjudication.Select(eobs, responses) is not { } latest)
        {
            return null;
        }

        var summary = latest.Summary;
        var denied = ClaimOutcomes.IsDenial(summary.Outcome);
        AdjudicationReason? reason = null;
        if (denied)
        {
            reason = summary.Lines.Where(l => l.Denied).SelectMany(l => l.Reasons).FirstOrDefault(r => r.IsDenial)
                ?? summary.Reasons.FirstOrDefault(r => r.IsDenial && r.LineSequence is null)
                ?? summary.Reasons.FirstOrDefault(r => r.IsDenial);
        }

        var category = reason is null ? (denied ? DenialCategory.Other : (DenialCategory?)null)
            : reason.IsCarc ? ScoringCauses.Of(reason.Code)
            : DenialCategory.Other;
        return new DenialLabel(denied, reason?.Label, category, summary.Date, summary.Source);
    }
}
