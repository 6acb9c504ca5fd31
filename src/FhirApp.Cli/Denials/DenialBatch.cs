using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;
using Hl7.Fhir.Model;

namespace FhirApp.Cli.Denials;

/// <summary>
/// Reads a folder (or one file) of Bulk NDJSON / Bundles and X12 835 remittances file by file, so memory follows the
/// largest file, and hands every ExplanationOfBenefit and ClaimResponse (an 835's claims mapped to EOBs) to the
/// detector. Shared by `denials` and `bench denials`.
/// </summary>
internal static class DenialBatch
{
    /// <param name="detector">Null to only read (the benchmark's parse-only baseline).</param>
    public static DenialBatchReport Run(string path, DenialDetector? detector, Action<AdjudicationDecision>? onDecision)
    {
        var report = new DenialBatchReport();
        var files = File.Exists(path) ? [path] : FhirApp.Core.Claims.Sources.FhirFolderFiles.Enumerate(path).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            report.Files++;
            var resources = RemittanceFiles.IsX12(file) ? ReadRemittance(file, report) : ReadFhir(file, report);
            var adjudications = resources.Where(r => r is ExplanationOfBenefit or ClaimResponse).ToList();
            report.Adjudications += adjudications.Count;
            if (detector is null)
            {
                continue;
            }

            // Detection is per resource and the detector keeps no state: on every core, then handed over in file order.
            foreach (var decision in adjudications.AsParallel().AsOrdered().Select(r => detector.Detect(r)!))
            {
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

    private static IReadOnlyList<Resource> ReadFhir(string file, DenialBatchReport report)
    {
        var read = FhirResourceReader.ReadFile(file);
        report.Resources += read.Resources.Count;
        report.Skipped.AddRange(read.SkippedIssues.Select(i => $"{i.Source}: {i.Message}"));
        return read.Resources;
    }

    // An 835 beside the FHIR exports: its claims as ExplanationOfBenefits (claim_id = CLP01), or nothing when refused.
    private static IReadOnlyList<Resource> ReadRemittance(string file, DenialBatchReport report)
    {
        var import = new RemittanceImporter().ImportFile(file);
        report.Remittances++;
        if (!import.Accepted)
        {
            report.RefusedRemittances++;
            var more = import.Issues.Count > 1 ? $" (and {import.Issues.Count - 1} more issue(s))" : "";
            report.Skipped.Add($"{file}: 835 refused, nothing read from it: {import.Issues[0]}{more}");
            return [];
        }

        report.Resources += import.Eobs.Count;
        return import.Eobs;
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

    /// <summary>X12 files read (835 remittances), and those refused whole.</summary>
    public int Remittances { get; set; }

    public int RefusedRemittances { get; set; }
}
