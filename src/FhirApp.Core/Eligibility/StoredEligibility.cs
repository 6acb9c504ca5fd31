namespace FhirApp.Core.Eligibility;

/// <summary>The newest check of a patient with a payer: when it was made, by whom, and the answer.</summary>
public sealed record StoredEligibility(string PatientId, string PayerKey, string? ClaimId, DateTimeOffset CheckedAt, string CheckedBy, EligibilityAnswer Answer);
