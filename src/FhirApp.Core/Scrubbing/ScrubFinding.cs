namespace FhirApp.Core.Scrubbing;

/// <summary>
/// One pre-submission flag: the shared currency of scrubbing, scoring, denial tracing and addendum requests.
/// Every finding names its rule, its source and the claim data that triggered it.
/// </summary>
public sealed record ScrubFinding
{
    /// <summary>Stable rule id, e.g. "auth.required"; what overrides and rule switches refer to.</summary>
    public required string RuleId { get; init; }

    public required FindingCategory Category { get; init; }

    public required FindingSeverity Severity { get; init; }

    /// <summary>The CARC a payer would most likely send, e.g. "CO-197".</summary>
    public string? PredictedCarc { get; init; }

    /// <summary>Plain language: what is wrong and what to do.</summary>
    public required string Message { get; init; }

    public required SourceCitation Source { get; init; }

    /// <summary>The claim data that made the rule fire, as "element = value" lines.</summary>
    public IReadOnlyList<string> Trigger { get; init; } = [];

    /// <summary>The claim line (item.sequence) concerned, or null for the whole claim.</summary>
    public int? LineSequence { get; init; }

    /// <summary>For timely filing and other clocks: days left before the deadline (negative once passed); sorts first when small.</summary>
    public int? DaysLeft { get; init; }

    /// <summary>The safe fix, when the claim's own data determine it; see <see cref="Corrections.ClaimCorrector"/>.</summary>
    public Corrections.ClaimFix? Fix { get; init; }
}
