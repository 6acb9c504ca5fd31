namespace FhirApp.Core.Metrics;

/// <summary>One row of a dashboard table.</summary>
public sealed record DashboardRow(string Key, int Count, decimal Amount, double? Rate = null);
