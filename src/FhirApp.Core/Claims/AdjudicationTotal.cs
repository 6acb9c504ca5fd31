namespace FhirApp.Core.Claims;

/// <summary>One header total of a ClaimResponse or EOB (submitted, benefit, paid to provider…).</summary>
public sealed record AdjudicationTotal(string Category, string? Display, decimal? Amount, string? Currency);
