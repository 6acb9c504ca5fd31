namespace FhirApp.SandboxEhr.Fhir;

/// <param name="Location">"line 3", "entry 5" or empty for the whole file.</param>
public sealed record LoadIssue(string File, string Location, LoadIssueKind Kind, string Message)
{
    public override string ToString() => Location.Length == 0 ? $"{File}: {Message}" : $"{File} ({Location}): {Message}";
}
