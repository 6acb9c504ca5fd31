using System.Globalization;
using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing.Queue;

/// <summary>
/// A claim's state in the biller's work, in words that follow the work: before adjudication what is left to do
/// ("2 holds to fix", "1 to review", "Ready to submit"), counted after the biller's decisions (overridden findings, rules
/// turned off for the payer and accepted fixes stop counting, see <see cref="DecisionSet.Open"/>); once the payer has
/// the claim, "Sent, waiting"; once it decided, its outcome, and never a pre-submit hold. The one place the claims list,
/// the pre-submit queue and the claim page read it from.
/// </summary>
/// <param name="Stage">The state.</param>
/// <param name="Words">The state as the screens show it.</param>
/// <param name="Holds">Open holds (0 once the claim left the practice).</param>
/// <param name="Reviews">Open reviews (0 once the claim left the practice).</param>
public sealed record ClaimWorkState(ClaimWorkStage Stage, string Words, int Holds, int Reviews)
{
    /// <summary>True while the practice still works the claim before (re)sending it: the pre-submit holds count.</summary>
    public bool BeforeSubmission => Stage is ClaimWorkStage.ReadyToSubmit or ClaimWorkStage.HoldsToFix or ClaimWorkStage.ToReview
        or ClaimWorkStage.NotChecked or ClaimWorkStage.Rejected;

    /// <summary>True once the payer decided (paid, partly paid or denied).</summary>
    public bool Adjudicated => Stage is ClaimWorkStage.Paid or ClaimWorkStage.PartlyPaid or ClaimWorkStage.PartlyDenied or ClaimWorkStage.Denied;

    /// <summary>The state of a claim with its scrub result (null for a record the checks did not judge) and the practice's decisions.</summary>
    public static ClaimWorkState Of(ClaimSummary claim, ScrubResult? scrub, DecisionSet decisions)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(decisions);
        return Of(claim, scrub is null ? [] : decisions.Open(scrub), scrub?.Error is not null);
    }

    /// <summary>The state of a claim given the findings still open on it.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="open">Findings neither overridden, turned off nor fixed.</param>
    /// <param name="unreadable">True when the checks could not read the claim.</param>
    public static ClaimWorkState Of(ClaimSummary claim, IReadOnlyList<ScrubFinding> open, bool unreadable = false)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(open);
        if (claim.Status is "cancelled" or "entered-in-error")
        {
            return Done(ClaimWorkStage.Closed, claim.Status == "cancelled" ? "Cancelled" : "Entered in error");
        }

        switch (claim.Outcome)
        {
            case ClaimOutcomes.Paid:
                return Done(ClaimWorkStage.Paid, "Paid");
            case ClaimOutcomes.PartiallyPaid:
                return Done(ClaimWorkStage.PartlyPaid, "Partly paid");
            case ClaimOutcomes.PartiallyDenied:
                return Done(ClaimWorkStage.PartlyDenied, "Partly denied");
            case ClaimOutcomes.Denied:
                return Done(ClaimWorkStage.Denied, "Denied");
            case ClaimOutcomes.Queued:
                return Done(ClaimWorkStage.Sent, "Sent, waiting");
        }

        // Not adjudicated (no answer yet, or rejected before adjudication): what is left before it can go out.
        var holds = open.Count(f => f.Severity == FindingSeverity.Hold);
        var reviews = open.Count(f => f.Severity == FindingSeverity.Review);
        var rejected = claim.Outcome == ClaimOutcomes.Error;
        var left = (holds, reviews) switch
        {
            ( > 0, > 0) => $"{Count(holds, "hold")} to fix, {reviews.ToString(CultureInfo.InvariantCulture)} to review",
            ( > 0, _) => $"{Count(holds, "hold")} to fix",
            (_, > 0) => $"{reviews.ToString(CultureInfo.InvariantCulture)} to review",
            _ => null,
        };
        if (left is not null)
        {
            var stage = holds > 0 ? ClaimWorkStage.HoldsToFix : ClaimWorkStage.ToReview;
            return new ClaimWorkState(stage, rejected ? $"Rejected: {left}" : left, holds, reviews);
        }

        if (unreadable)
        {
            return new ClaimWorkState(ClaimWorkStage.NotChecked, "Not checked: the claim could not be read", 0, 0);
        }

        return rejected
            ? new ClaimWorkState(ClaimWorkStage.Rejected, "Rejected: correct it and send it again", 0, 0)
            : new ClaimWorkState(ClaimWorkStage.ReadyToSubmit, "Ready to submit", 0, 0);
    }

    private static ClaimWorkState Done(ClaimWorkStage stage, string words) => new(stage, words, 0, 0);

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");
}
