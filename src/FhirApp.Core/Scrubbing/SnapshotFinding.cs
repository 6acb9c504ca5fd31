namespace FhirApp.Core.Scrubbing;

/// <summary>What a claim version's snapshot keeps of one finding.</summary>
public sealed record SnapshotFinding(string RuleId, FindingCategory Category, FindingSeverity Severity, int? Line, string Message)
{
    public static SnapshotFinding Of(ScrubFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new(finding.RuleId, finding.Category, finding.Severity, finding.LineSequence, finding.Message);
    }
}
