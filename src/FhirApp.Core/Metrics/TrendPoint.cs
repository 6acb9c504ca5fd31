namespace FhirApp.Core.Metrics;

/// <summary>Denied claims and dollars of one key (a payer, category, provider or procedure) in one month ("yyyy-MM").</summary>
public sealed record TrendPoint(string Month, string Key, int Claims, decimal Amount);
