namespace FhirApp.SandboxEhr.Fhir.Export;

/// <summary>
/// A test hook for the next export kicked off (posted to /_sandbox/export-scenarios): "slow" (the status endpoint
/// answers 202 for <see cref="Polls"/> more polls after the files are ready), "fail" (the job fails: 500 with an
/// OperationOutcome), "partial" (<see cref="Count"/> resources are left out and reported in the error file). Each
/// scenario applies to one kick-off. Faults in polling (429, 5xx) use /_sandbox/faults with PathPrefix
/// "/fhir/$export-status"; expired file URLs use POST /_sandbox/export/expire-files.
/// </summary>
public sealed record ExportScenario
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "slow", "fail", "partial" };

    public required string Kind { get; init; }

    public int Polls { get; init; } = 3;

    public int Count { get; init; } = 1;
}
