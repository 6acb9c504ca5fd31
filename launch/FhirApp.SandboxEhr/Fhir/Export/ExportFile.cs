namespace FhirApp.SandboxEhr.Fhir.Export;

/// <summary>One NDJSON file of a job: its resource type, the name in its URL, where it lies and how many lines it has.</summary>
internal sealed record ExportFile(string Type, string Name, string Path, int Count);
