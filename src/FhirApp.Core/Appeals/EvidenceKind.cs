namespace FhirApp.Core.Appeals;

/// <summary>What an evidence item is: a quote of the chart, a coded fact, or a figure computed from both.</summary>
public enum EvidenceKind
{
    Quote,
    Fact,
    Derived,
}
