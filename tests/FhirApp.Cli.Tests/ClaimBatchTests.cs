using FhirApp.Cli.Scrub;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Synthetic;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Tests;

/// <summary>
/// `scrub` streams plain Bulk NDJSON by patient and reads anything else whole: both ways must give the same findings,
/// in the same order, and the same counts.
/// </summary>
public sealed class ClaimBatchTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-claimbatch-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void GivenOneExportAsNdjsonAndAsABundle_WhenScrubbed_ThenStreamedAndWholeReadsAgree()
    {
        var options = new SyntheticClaimOptions { Claims = 300, Seed = 11, DefectProbability = 0.3 };
        var corpus = SyntheticClaimGenerator.Generate(options);
        var ndjson = Path.Combine(_work.FullName, "ndjson");
        corpus.WriteNdjson(ndjson);
        var bundle = Path.Combine(_work.FullName, "bundle");
        Directory.CreateDirectory(bundle);
        var collection = new Bundle { Type = Bundle.BundleType.Collection };
        collection.Entry.AddRange(corpus.Resources.Select(r => new Bundle.EntryComponent { Resource = r }));
        File.WriteAllText(Path.Combine(bundle, "export.json"), new FhirJsonSerializer().SerializeToString(collection));
        var scrubber = new ClaimScrubber(RuleBookLoader.Load(), ScrubRules.All, new FixedTimeProvider(options.Today));

        var (streamed, streamedResults) = Scrub(ndjson, scrubber);
        var (whole, wholeResults) = Scrub(bundle, scrubber);

        streamedResults.Count.ShouldBe(300);
        streamedResults.ShouldBe(wholeResults);
        (streamed.Patients, streamed.Claims, streamed.Scrubbed, streamed.Findings, streamed.EobOnly, streamed.Resources)
            .ShouldBe((whole.Patients, whole.Claims, whole.Scrubbed, whole.Findings, whole.EobOnly, whole.Resources));
        streamed.ClaimErrors.ShouldBe(whole.ClaimErrors);
        streamed.DanglingReferences.ShouldBe(whole.DanglingReferences);
        streamed.BySeverity.OrderBy(p => p.Key).ShouldBe(whole.BySeverity.OrderBy(p => p.Key));
    }

    private static (BatchReport Report, List<string> Results) Scrub(string directory, ClaimScrubber scrubber)
    {
        var results = new List<string>();
        var report = ClaimBatch.Run(directory, scrubber, r => results.Add($"{r.ClaimId} {r.Error} {string.Join(" | ", r.Findings.Select(f => $"{f.RuleId} {f.Message}"))}"), progress: null);
        return (report, results);
    }
}
