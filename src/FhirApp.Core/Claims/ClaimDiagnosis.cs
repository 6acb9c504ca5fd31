namespace FhirApp.Core.Claims;

/// <summary>One claim diagnosis.</summary>
public sealed record ClaimDiagnosis(int Sequence, string? Code, string? System, string? Display);
