namespace FhirApp.Core.Denials;

/// <summary>Where a denial work item stands.</summary>
public enum DenialStatus
{
    Open,
    InProgress,
    Appealed,
    Resubmitted,
    Resolved,
    WrittenOff,
}
