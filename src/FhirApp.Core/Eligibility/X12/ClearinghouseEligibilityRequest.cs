namespace FhirApp.Core.Eligibility.X12;

/// <summary>The 270 for one payer (the clearinghouse routes by <see cref="PayerId"/>).</summary>
public sealed record ClearinghouseEligibilityRequest(string PayerId, string X12);
