namespace FhirApp.Core.Appeals;

/// <summary>Where an appeal stands: drafted, sent, or decided by the payer.</summary>
public enum AppealStatus
{
    Draft,
    Submitted,
    Overturned,
    Upheld,
    Partial,
}
