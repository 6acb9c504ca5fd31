using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using Hl7.Fhir.Model;

namespace FhirApp.Cli.Denials;

/// <summary>
/// Reads a folder (or one file) of Bulk NDJSON / Bundles file by file, so memory follows the largest file, and hands
/// every ExplanationOfBenefit and ClaimResponse to the detector. Shared by `denials` and `bench denials`.
/// </summary>
internal static class DenialBatch
{
    /// <param name="detector">Null to only read (the benchmark's parse-only baseline).</param>
    public static DenialBatchReport Run(string path, DenialDetector? detector, Action<AdjudicationDecision>? onDecision)
    {
        var report = new DenialBatchReport();
        var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var read = FhirResourceReader.ReadFile(file);
            report.Files++;
            report.Resources += read.Resources.Count;
            report.Skipped.AddRange(read.SkippedIssues.Select(i => $"{i.Source}: {i.Message}"));
            foreach (var resource in read.Resources)
            {
                if (resource is not (ExplanationOfBenefit or ClaimResponse))
                {
                    continue;
                }

                report.Adjudications++;
                if (detector is null)
                {
                    continue;
                }

                var decision = detector.Detect(resource)!;
                report.Lines += decision.Denials.Count;
                foreach (var denial in decision.Denials)
                {
                    report.ByKind[denial.Kind] = report.ByKind.GetValueOrDefault(denial.Kind) + 1;
                }

                onDecision?.Invoke(decision);
            }
        }

        return report;
    }
}

/// <summary>Counts of one batch run.</summary>
internal sealed class DenialBatchReport
{
    public int Files { get; set; }

    public int Resources { get; set; }

    /// <summary>ExplanationOfBenefit and ClaimResponse resources read.</summary>
    public int Adjudications { get; set; }

    public int Lines { get; set; }

    public Dictionary<DenialKind, int> ByKind { get; } = [];

    public List<string> Skipped { get; } = [];
}
