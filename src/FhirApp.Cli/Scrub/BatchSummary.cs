using System.Globalization;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scrub;

/// <summary>The plain-text summary printed after a batch: what was read, scrubbed and found, and everything skipped with its reason.</summary>
internal static class BatchSummary
{
    /// <summary>Lists stop here; the counts above them stay complete.</summary>
    private const int MaxListed = 20;

    public static void Write(TextWriter output, BatchReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Files read:        {report.Files}"));
        output.WriteLine(string.Create(c, $"Resources read:    {report.Resources} ({report.LenientResources} read leniently)"));
        output.WriteLine(string.Create(c, $"Patients:          {report.Patients}"));
        output.WriteLine(string.Create(c, $"Claims read:       {report.Claims}"));
        output.WriteLine(string.Create(c, $"Claims scrubbed:   {report.Scrubbed}"));
        output.WriteLine(string.Create(c, $"Findings:          {report.Findings}"));
        foreach (var severity in Enum.GetValues<FindingSeverity>())
        {
            output.WriteLine(string.Create(c, $"  {FindingsCsvWriter.SeverityName(severity),-8} {report.BySeverity.GetValueOrDefault(severity)}"));
        }

        if (report.ByCategory.Count > 0)
        {
            output.WriteLine("Findings by category:");
            foreach (var (category, count) in report.ByCategory.OrderByDescending(p => p.Value).ThenBy(p => p.Key))
            {
                output.WriteLine(string.Create(c, $"  {category,-20} {count}"));
            }
        }

        output.WriteLine(string.Create(c, $"Resources skipped: {report.SkippedResources.Count}"));
        foreach (var (reason, count) in report.SkippedResources.GroupBy(i => i.Message).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(MaxListed))
        {
            output.WriteLine(string.Create(c, $"  {count} x {reason}"));
        }

        foreach (var issue in report.SkippedResources.Take(MaxListed))
        {
            var what = issue.ResourceType is null ? "" : $" {issue.ResourceType}/{issue.ResourceId ?? "?"}";
            output.WriteLine($"  skipped {issue.Source}{what}: {issue.Message}");
        }

        output.WriteLine(string.Create(c, $"Claims not scrubbed: {report.ClaimErrors.Count}"));
        foreach (var (claimId, reason) in report.ClaimErrors.Take(MaxListed))
        {
            output.WriteLine($"  {claimId}: {reason}");
        }

        if (report.EobOnly > 0)
        {
            output.WriteLine(string.Create(c, $"EOBs without their claim (not scrubbed): {report.EobOnly}"));
        }

        output.WriteLine(string.Create(c, $"Claims with unresolved references: {report.DanglingReferences.Select(d => d.ClaimId).Distinct().Count()}"));
        foreach (var (claimId, reference) in report.DanglingReferences.Take(MaxListed))
        {
            output.WriteLine($"  {claimId} -> {reference} (not in the export)");
        }

        if (report.SkippedResources.Count > MaxListed || report.ClaimErrors.Count > MaxListed || report.DanglingReferences.Count > MaxListed)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(lists show the first {MaxListed} of each kind)"));
        }
    }
}
