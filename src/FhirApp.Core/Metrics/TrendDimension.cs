namespace FhirApp.Core.Metrics;

/// <summary>What a denial trend is cut by.</summary>
public enum TrendDimension
{
    Payer,
    Category,
    Provider,
    Procedure,
}
