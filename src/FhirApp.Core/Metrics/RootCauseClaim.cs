namespace FhirApp.Core.Metrics;

/// <summary>A claim behind a root cause: its id (for the link only), the decision and service dates and the denied dollars.</summary>
public sealed record RootCauseClaim(string ClaimId, DateOnly? Decided, DateOnly? Served, decimal Amount);
