using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scrub;

/// <summary>What one batch did: counts for the summary, and every reason something was skipped.</summary>
internal sealed class BatchReport
{
    public int Files { get; set; }

    public int Resources { get; set; }

    public int Patients { get; set; }

    /// <summary>Claims (use = claim) for which a context was built.</summary>
    public int Claims { get; set; }

    /// <summary>Claims the scrubber ran on without an error.</summary>
    public int Scrubbed { get; set; }

    public int Findings { get; set; }

    /// <summary>Time spent inside ClaimScrubber.Scrub alone (the benchmark's noise-free view of scrub cost).</summary>
    public TimeSpan ScrubTime { get; set; }

    /// <summary>EOBs without their Claim: nothing to scrub before submission.</summary>
    public int EobOnly { get; set; }

    public List<FhirReadIssue> SkippedResources { get; } = [];

    public int LenientResources { get; set; }

    /// <summary>Claims that could not be scrubbed, with the reason (ScrubResult.Error or a context that could not be built).</summary>
    public List<(string ClaimId, string Reason)> ClaimErrors { get; } = [];

    /// <summary>Claims whose references point at nothing in the export ("Claim/1 -> Patient/9").</summary>
    public List<(string ClaimId, string Reference)> DanglingReferences { get; } = [];

    public Dictionary<FindingSeverity, int> BySeverity { get; } = [];

    public Dictionary<FindingCategory, int> ByCategory { get; } = [];

    public void Count(ScrubResult result)
    {
        if (result.Error is not null)
        {
            ClaimErrors.Add((result.ClaimId, result.Error));
            return;
        }

        Scrubbed++;
        foreach (var finding in result.Findings)
        {
            Findings++;
            BySeverity[finding.Severity] = BySeverity.GetValueOrDefault(finding.Severity) + 1;
            ByCategory[finding.Category] = ByCategory.GetValueOrDefault(finding.Category) + 1;
        }
    }
}
