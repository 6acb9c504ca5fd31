namespace FhirApp.SandboxEhr.Fhir;

public sealed class LoadReport
{
    private readonly List<LoadIssue> _issues = [];

    public int FilesRead { get; internal set; }

    /// <summary>Resources stored (a duplicate that replaced an earlier one counts once per load).</summary>
    public int Loaded { get; internal set; }

    public IReadOnlyList<LoadIssue> Issues => _issues;

    /// <summary>Files that parsed as JSON but hold no FHIR resource (no resourceType).</summary>
    public IReadOnlyList<string> NonFhirFiles => [.. _issues.Where(i => i.Kind == LoadIssueKind.NotFhir && i.Location.Length == 0).Select(i => i.File)];

    /// <summary>Issues other than duplicates: what was skipped.</summary>
    public IReadOnlyList<LoadIssue> Errors => [.. _issues.Where(i => i.Kind != LoadIssueKind.Duplicate)];

    internal void Add(LoadIssue issue) => _issues.Add(issue);
}
