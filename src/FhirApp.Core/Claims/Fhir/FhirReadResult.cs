using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>Resources read from one or more FHIR JSON sources, with the issues met on the way.</summary>
public sealed record FhirReadResult(IReadOnlyList<Resource> Resources, IReadOnlyList<FhirReadIssue> Issues)
{
    /// <summary>A result with nothing in it.</summary>
    public static FhirReadResult Empty { get; } = new([], []);

    /// <summary>Issues for resources or files that were dropped.</summary>
    public IEnumerable<FhirReadIssue> SkippedIssues => Issues.Where(i => i.Skipped);

    /// <summary>Concatenates results, keeping their order.</summary>
    public static FhirReadResult Combine(IEnumerable<FhirReadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var resources = new List<Resource>();
        var issues = new List<FhirReadIssue>();
        foreach (var result in results)
        {
            resources.AddRange(result.Resources);
            issues.AddRange(result.Issues);
        }

        return new FhirReadResult(resources, issues);
    }
}
