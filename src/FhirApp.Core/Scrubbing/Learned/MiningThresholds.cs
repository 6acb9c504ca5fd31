namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// The evidence a learned rule needs, and how its findings are graded. The defaults were set on randomized practices
/// (`fhirapp bench rules`) and are pinned by tests (RuleMinerThresholdTests). Recorded in every rule book.
/// </summary>
public sealed record MiningThresholds
{
    /// <summary>Claims (or lines) a rule must match, within its effective dates.</summary>
    public int MinSupport { get; init; } = 5;

    /// <summary>Denials among them.</summary>
    public int MinDenied { get; init; } = 3;

    /// <summary>Lowest 95 % Wilson lower bound of the rule's denial rate (once denials another rule explains are set aside).</summary>
    public double MinLowerBound { get; init; } = 0.3;

    /// <summary>The rule's denial rate must be at least this many times the payer's base rate.</summary>
    public double MinLift { get; init; } = 2.0;

    /// <summary>When the condition's contrast set exists (the code with an auth, with the modifier…), the rate must exceed its rate by this much.</summary>
    public double MinContrastGap { get; init; } = 0.3;

    /// <summary>Findings are holds when the lower bound reaches this; reviews below.</summary>
    public double HoldLowerBound { get; init; } = 0.7;

    /// <summary>Pseudo-claims at the payer's base rate added to a rule's counts for its smoothed rate.</summary>
    public double SmoothingClaims { get; init; } = 4;

    /// <summary>Fewest claims on each side of a start or stop date before a rule is effective-dated.</summary>
    public int MinSegment { get; init; } = 4;

    /// <summary>Likelihood-ratio statistic a start or stop date needs (chi-square, 1 degree of freedom: 10.83 is p &lt; 0.001).</summary>
    public double MinChangeStatistic { get; init; } = 10.83;

    /// <summary>Claims a shipped rule must have held for a payer before the payer's treatment of them is judged.</summary>
    public int MinShippedHeld { get; init; } = 10;

    /// <summary>
    /// Claims scrubbed with the shipped rules to judge them: all of a history up to this many, a deterministic sample (by
    /// a hash of the claim id) of about this many beyond. Scrubbing is the costliest step of mining; a sample this size
    /// still gives every rule that holds 1 % of a payer's claims its <see cref="MinShippedHeld"/>.
    /// </summary>
    public int MaxCalibrationClaims { get; init; } = 20_000;

    /// <summary>
    /// A shipped rule whose holds the payer denied at a rate whose upper bound (95 % Wilson) is below this is not
    /// enforced by that payer: its holds become reviews.
    /// </summary>
    public double MaxUnenforcedRate { get; init; } = 0.5;

    /// <summary>A payer with fewer adjudicated claims (and no policy file) gets conservative defaults.</summary>
    public int MinPayerClaims { get; init; } = 30;

    /// <summary>
    /// The conservative default when no filing limit is known (no policy file says, none was learned): review a claim
    /// this many days after its date of service, or after the longest lag the payer has paid if that is longer.
    /// </summary>
    public int DefaultFilingReviewDays { get; init; } = 90;

    /// <summary>The conservative default: other payers of the practice that must share a learned auth / referring rule before it is suggested (review) for a payer with too little history.</summary>
    public int MinPayersForDefault { get; init; } = 2;
}
