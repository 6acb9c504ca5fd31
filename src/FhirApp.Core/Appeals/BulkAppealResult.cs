namespace FhirApp.Core.Appeals;

/// <summary>One claim of a bulk build: whether a saved letter exists now, its evidence, and what happened, in plain words.</summary>
public sealed record BulkAppealResult(string ClaimId, bool HasLetter, int CriteriaFound, int CriteriaTotal, int Unbacked, string Message);
