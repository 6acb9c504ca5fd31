namespace FhirApp.Core.Scrubbing;

/// <summary>A denied line to trace: its work item id, claim, line (0 for the whole claim), rule family (null for none) and decision date.</summary>
public sealed record TracedDenial(long Id, string ClaimId, int Line, string? RuleFamily, DateOnly? Decided);
