namespace FhirApp.Core.Data;

/// <summary>Where a registry version is in its life: training, ready to promote, or failed.</summary>
public enum ModelVersionStatus
{
    Training = 0,
    Ready = 1,
    Failed = 2,
}
