using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>A rule the miner considers: its shape and parameters, the claims or lines it matches and its contrast set.</summary>
internal sealed class Candidate
{
    public required LearnedShape Shape { get; init; }

    /// <summary>What identifies the rule within its payer and shape ("70000", "10001>10002", "10003:RT/LT/50").</summary>
    public required string Key { get; init; }

    public required LearnedRuleParameters Parameters { get; init; }

    public required bool ClaimLevel { get; init; }

    /// <summary>What the rule matches, in date-of-service order.</summary>
    public required List<Observation> Matched { get; init; }

    /// <summary>The same code (or claims) with the rule's condition met: the evidence that the condition is what matters.</summary>
    public List<Observation> Contrast { get; init; } = [];

    /// <summary>The matched set in words, for the evidence: "lines of 70000 without a referring provider".</summary>
    public required string What { get; init; }

    /// <summary>The contrast set in words: "with one".</summary>
    public string? ContrastWhat { get; init; }

    /// <summary>Order of consideration: lower bound, plus a bonus when the payer's reasons fit the shape.</summary>
    public double Score { get; set; }
}
