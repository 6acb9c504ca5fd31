namespace FhirApp.Core.Data;

public enum JobRunOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Cancelled = 3,
}
