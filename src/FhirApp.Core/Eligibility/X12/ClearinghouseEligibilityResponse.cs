namespace FhirApp.Core.Eligibility.X12;

/// <summary>The payer's 271, or the clearinghouse's own error when it has none.</summary>
public sealed record ClearinghouseEligibilityResponse(string? X12, string? Error);
