namespace FhirApp.Core.Denials;

/// <summary>How much of what the payer's criteria ask for the chart showed when the appeal was built.</summary>
public enum EvidenceCompleteness
{
    None,
    Partial,
    Complete,
}
