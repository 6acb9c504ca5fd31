namespace FhirApp.Core.Remittance;

/// <summary>An 835 claim that matched none of the practice's claims: what a biller needs to find it.</summary>
public sealed record UnmatchedClaim(int Segment, string PatientControlNumber, string PayerClaimNumber, string? Payer, string Status, decimal Charge, decimal Paid);
