namespace FhirApp.Core.Data;

/// <summary>
/// What a practice's owner decided about one learned rule: confirmed (kept as the practice's rule even when a later
/// mining no longer finds it) or dismissed (never fires), with who, when and why. The latest row per rule wins; earlier
/// rows are the rule's history.
/// </summary>
public sealed class LearnedRuleDecision
{
    public long Id { get; set; }

    public required string Tenant { get; set; }

    /// <summary>The learned rule's stable key (<see cref="Scrubbing.Learned.LearnedRule.Id"/>).</summary>
    public required string RuleId { get; set; }

    public required string PayerId { get; set; }

    public bool Confirmed { get; set; }

    public required string Reason { get; set; }

    /// <summary>The rule as it was when decided (JSON), so a confirmed rule outlives the mining that found it.</summary>
    public required string RuleJson { get; set; }

    public required string DecidedBy { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}
