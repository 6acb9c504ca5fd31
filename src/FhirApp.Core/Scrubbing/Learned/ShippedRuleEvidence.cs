namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// How one payer treated the claims a shipped rule would have held: the rule id, how many of the payer's adjudicated
/// claims it held (scrubbed as of their submission day) and how many of those the payer denied. A rule the payer plainly
/// does not enforce (the upper bound of its denial rate below <see cref="MiningThresholds.MaxUnenforcedRate"/>) is a
/// drift flag: its holds become reviews for that payer, saying why.
/// </summary>
public sealed record ShippedRuleEvidence
{
    public required string RuleId { get; init; }

    public required int Held { get; init; }

    public required int Denied { get; init; }

    public required double DenialRate { get; init; }

    /// <summary>95 % Wilson upper bound of <see cref="DenialRate"/>.</summary>
    public required double UpperBound { get; init; }

    /// <summary>False when the payer paid most of the claims the rule held (the upper bound is below the threshold).</summary>
    public required bool Enforced { get; init; }
}
