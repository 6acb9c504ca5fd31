namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>What the history showed of one payer: adjudicated claims, denials, base rate and dates.</summary>
public sealed record LearnedPayer
{
    public required string PayerId { get; init; }

    public required string PayerName { get; init; }

    public required int Claims { get; init; }

    public required int Denied { get; init; }

    public required double BaseRate { get; init; }

    public required DateOnly FirstService { get; init; }

    public required DateOnly LastService { get; init; }

    /// <summary>The longest lag from date of service to submission among the claims it paid (0 when it paid none).</summary>
    public int LongestPaidLagDays { get; init; }

    /// <summary>Shipped rules that held enough of the payer's claims to judge, and whether the payer enforced them.</summary>
    public IReadOnlyList<ShippedRuleEvidence> ShippedRules { get; init; } = [];

    /// <summary>At least <see cref="MiningThresholds.MinPayerClaims"/> adjudicated claims: otherwise conservative defaults apply.</summary>
    public required bool EnoughHistory { get; init; }
}
