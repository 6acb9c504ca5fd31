namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// One payer rule the miner found in the practice's adjudication history, with its evidence: how many claims (or
/// lines) it matched, how many of those the payer denied, that rate against the payer's base rate, the 95 % Wilson
/// lower bound of the rate, the CARC / RARC the payer used, and the dates it held. Effective-dated: a rule that started
/// or stopped mid-history carries <see cref="EffectiveFrom"/> / <see cref="EffectiveTo"/>.
/// </summary>
public sealed record LearnedRule
{
    /// <summary>Stable key: shape, payer and the parameters that identify the rule, e.g. "auth-required|org-x|70000".</summary>
    public required string Id { get; init; }

    public required string PayerId { get; init; }

    public required string PayerName { get; init; }

    public required LearnedShape Shape { get; init; }

    public required LearnedRuleParameters Parameters { get; init; }

    /// <summary>"claims" or "lines": what <see cref="Support"/> counts.</summary>
    public required string Unit { get; init; }

    /// <summary>Claims (or lines) the rule matched within its effective dates.</summary>
    public required int Support { get; init; }

    /// <summary>Distinct adjudicated claims among them (what findings cite).</summary>
    public required int Adjudications { get; init; }

    /// <summary>How many of those the payer denied.</summary>
    public required int Denied { get; init; }

    public required double DenialRate { get; init; }

    /// <summary>The rate shrunk toward the payer's base rate (a few pseudo-claims at the base rate): honest at small counts.</summary>
    public required double SmoothedRate { get; init; }

    /// <summary>The payer's denial rate over all its claims (or lines).</summary>
    public required double BaseRate { get; init; }

    /// <summary>DenialRate / BaseRate.</summary>
    public required double Lift { get; init; }

    /// <summary>95 % Wilson lower bound of <see cref="DenialRate"/>.</summary>
    public required double LowerBound { get; init; }

    /// <summary>Denial rate of the contrast set (same code with the condition met, e.g. with an auth), when there is one.</summary>
    public double? ContrastRate { get; init; }

    public int? ContrastSupport { get; init; }

    /// <summary>Reasons the payer gave, most used first ("CO-197").</summary>
    public IReadOnlyList<string> Carcs { get; init; } = [];

    public IReadOnlyList<string> Rarcs { get; init; } = [];

    /// <summary>First and last date of service the rule matched.</summary>
    public required DateOnly FirstSeen { get; init; }

    public required DateOnly LastSeen { get; init; }

    /// <summary>The last date of service the rule matched a denied claim.</summary>
    public DateOnly? LastDenied { get; init; }

    /// <summary>The rule started mid-history: claims before this date of service were paid.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>The rule stopped mid-history: claims after this date of service were paid.</summary>
    public DateOnly? EffectiveTo { get; init; }

    /// <summary>Hold when the lower bound reaches <see cref="MiningThresholds.HoldLowerBound"/>, else review.</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>The evidence in words, e.g. "Example Health denied 41 of 44 lines of 70000 without a referring or ordering provider (CO-16 N286), 2026-03-02 to 2026-12-10; 0 of 12 with one."</summary>
    public required string Evidence { get; init; }

    /// <summary>Whether the rule applies to a date of service.</summary>
    public bool InEffectOn(DateOnly dateOfService) =>
        (EffectiveFrom is not { } from || dateOfService >= from) && (EffectiveTo is not { } to || dateOfService <= to);
}
