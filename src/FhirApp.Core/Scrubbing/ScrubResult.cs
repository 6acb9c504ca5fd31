namespace FhirApp.Core.Scrubbing;

/// <summary>The findings for one claim, or the reason it could not be scrubbed (the rest of a batch goes on).</summary>
public sealed record ScrubResult(string ClaimId, IReadOnlyList<ScrubFinding> Findings, string? Error = null)
{
    /// <summary>The payer whose policy applied (for per-payer rule switches), when known.</summary>
    public string? PayerId { get; init; }

    /// <summary>Days left before the payer's filing limit (negative once passed), whether or not a finding was raised; null when unknown.</summary>
    public int? FilingDaysLeft { get; init; }

    public FindingSeverity? WorstSeverity => Findings.Count == 0 ? null : Findings.Min(f => f.Severity);
}
