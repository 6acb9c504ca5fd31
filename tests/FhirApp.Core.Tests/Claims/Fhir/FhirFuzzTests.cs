using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scrubbing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>
/// Fuzz run over the FHIR readers and what consumes their output: 10,400 seeded mutations of the resources in
/// tests/samples/fhir-samples, read as NDJSON lines, Bundle entries and single documents, then grouped into patient
/// records, built into claim contexts, mapped for display, scrubbed, turned into scoring inputs and run through the
/// denial detector and adjudication reader. Nothing may throw; each mutated resource is either read or rejected with
/// an issue naming its line, entry or document.
/// </summary>
public sealed class FhirFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261124;
    private const int Mutations = 10_400;
    private const int BatchSize = 40;

    private static readonly HashSet<string> ClaimTypes = new(StringComparer.Ordinal)
    {
        "Claim", "ExplanationOfBenefit", "ClaimResponse", "Coverage", "Patient", "Organization", "Practitioner", "PractitionerRole", "DocumentReference",
    };

    [Fact]
    public void GivenTenThousandMutatedSampleResources_WhenReadAndProcessed_ThenNothingThrowsAndEveryRejectionIsExplained()
    {
        var files = SeedFiles();
        var mutator = new FhirMutator(Seed);
        var builder = new ClaimContextBuilder();
        var rules = RuleBookLoader.Load();
        var scrubber = new ClaimScrubber(rules, ScrubRules.All, TimeProvider.System);
        var detector = new DenialDetector(DenialCauseTable.Load());
        var counts = new Counts();

        for (var batch = 0; batch * BatchSize < Mutations; batch++)
        {
            var file = files[mutator.Next(files.Count)];
            var mode = (Mode)(batch % 3);
            var inputs = new List<(FhirMutator.Kind Kind, byte[] Text)>();
            for (var i = 0; i < BatchSize; i++)
            {
                var seed = file[mutator.Next(file.Count)];
                var kind = mutator.NextKind(structuralOnly: mode == Mode.BundleEntries);
                var text = FhirMutator.IsStructural(kind)
                    ? Encoding.UTF8.GetBytes(mutator.Mutate(seed, kind).ToJsonString())
                    : mutator.MutateText(seed.ToJsonString(), kind);
                inputs.Add((kind, text));
            }

            var label = $"fuzz-{batch}";
            FhirReadResult read;
            List<string> sources;
            try
            {
                (read, sources) = Read(mode, label, inputs);
            }
            catch (Exception ex)
            {
                counts.Throw($"{mode} read", ex);
                continue;
            }

            counts.Tally(read, sources, inputs.Select(i => i.Kind).ToList());
            Process(read.Resources, builder, scrubber, detector, rules, counts);
        }

        output.WriteLine(counts.Report());
        counts.Total.ShouldBeGreaterThanOrEqualTo(10_000);
        counts.Exceptions.ShouldBeEmpty(counts.Report());
        counts.Unaccounted.ShouldBeEmpty(counts.Report());
        counts.Unclear.ShouldBeEmpty(counts.Report());
        // The mutations must bite both ways, or the run proves nothing.
        counts.Accepted.ShouldBeGreaterThan(counts.Total / 10, counts.Report());
        counts.Rejected.ShouldBeGreaterThan(counts.Total / 10, counts.Report());
        counts.ByReason.Keys.ShouldContain(k => k.Contains("nested deeper than", StringComparison.Ordinal), counts.Report());
        counts.ByKind[nameof(FhirMutator.Kind.DeepNesting)].Accepted.ShouldBeGreaterThan(0, "nesting within the limit is read");
        counts.ContextsBuilt.ShouldBeGreaterThan(100, counts.Report());
    }

    private enum Mode
    {
        NdjsonLines,
        BundleEntries,
        SingleDocuments,
    }

    /// <summary>Reads one batch; returns the issue/origin source each input must be reported under.</summary>
    private static (FhirReadResult Read, List<string> Sources) Read(Mode mode, string label, List<(FhirMutator.Kind Kind, byte[] Text)> inputs)
    {
        switch (mode)
        {
            case Mode.NdjsonLines:
                // One mutated resource per line: line breaks the mutation produced inside a line become spaces.
                var lines = inputs.Select(i => Encoding.UTF8.GetString(i.Text).Replace('\n', ' ').Replace('\r', ' '));
                var ndjson = FhirResourceReader.ReadNdjson(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), label + ".ndjson");
                return (ndjson, [.. inputs.Select((_, n) => $"{label}.ndjson:line {n + 1}")]);
            case Mode.BundleEntries:
                var entries = new JsonArray([.. inputs.Select(i => (JsonNode)new JsonObject { ["resource"] = JsonNode.Parse(i.Text, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 }) })]);
                var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = entries };
                var bytes = Encoding.UTF8.GetBytes(bundle.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 }));
                return (FhirResourceReader.ReadJson(bytes, label + ".json"), [.. inputs.Select((_, n) => $"{label}.json#entry[{n}]")]);
            default:
                var results = inputs.Select((input, n) => FhirResourceReader.ReadJson(input.Text, $"{label}-{n}.json")).ToList();
                return (FhirReadResult.Combine(results), [.. inputs.Select((_, n) => $"{label}-{n}.json")]);
        }
    }

    /// <summary>Everything downstream of the reader that a CLI import or the intake job runs.</summary>
    private static void Process(IReadOnlyList<Resource> resources, ClaimContextBuilder builder, ClaimScrubber scrubber, DenialDetector detector, RuleBook rules, Counts counts)
    {
        Guard(counts, "group/context/scrub", () =>
        {
            foreach (var record in PatientRecordGrouper.Group(resources))
            {
                foreach (var context in builder.Build(record))
                {
                    counts.ContextsBuilt++;
                    Guard(counts, "display", () => ClaimDisplayMapper.ToDetail(context));
                    Guard(counts, "scrub", () => scrubber.Scrub(context));
                }

                Guard(counts, "scoring input", () => counts.ScoringInputs += ScoringClaimFactory.FromRecord(record, rules).Count());
            }
        });
        foreach (var resource in resources)
        {
            Guard(counts, "denial detector", () => detector.Detect(resource));
            Guard(counts, "adjudication reader", () => _ = resource switch
            {
                ExplanationOfBenefit eob => AdjudicationReader.Read(eob),
                ClaimResponse response => AdjudicationReader.Read(response),
                _ => null,
            });
        }
    }

    private static void Guard(Counts counts, string stage, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            counts.Throw(stage, ex);
        }
    }

    /// <summary>Every sample file's resources (Bundles flattened), as JSON trees; files without a resource are left out.</summary>
    private static List<List<JsonObject>> SeedFiles()
    {
        var files = new List<List<JsonObject>>();
        var paths = Directory.GetFiles(FhirFixtures.SharedSamplesDirectory, "*.json", SearchOption.AllDirectories);
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(File.ReadAllBytes(path));
            }
            catch (JsonException)
            {
                continue;
            }

            var resources = new List<JsonObject>();
            Flatten(root, resources);
            if (resources.Count > 0)
            {
                // Claim-side resources first in line: half of each file's picks come from them when it has any.
                var claimSide = resources.Where(r => ClaimTypes.Contains((string?)r["resourceType"] ?? "")).ToList();
                files.Add(claimSide.Count > 0 ? [.. claimSide, .. resources.Except(claimSide).Take(claimSide.Count)] : resources);
            }
        }

        files.Count.ShouldBeGreaterThan(100, "shared FHIR sample files with resources");
        return files;
    }

    private static void Flatten(JsonNode? node, List<JsonObject> into)
    {
        if (node is not JsonObject resource || resource["resourceType"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
        {
            return;
        }

        if ((string?)type != "Bundle")
        {
            into.Add(resource);
            return;
        }

        foreach (var entry in resource["entry"] as JsonArray ?? [])
        {
            Flatten(entry?["resource"], into);
        }
    }

    private sealed class Counts
    {
        public int Total { get; private set; }

        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        public int ContextsBuilt { get; set; }

        public int ScoringInputs { get; set; }

        public SortedDictionary<string, int> ByReason { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, (int Accepted, int Rejected)> ByKind { get; } = new(StringComparer.Ordinal);

        public List<string> Exceptions { get; } = [];

        public List<string> Unaccounted { get; } = [];

        public List<string> Unclear { get; } = [];

        public void Throw(string stage, Exception ex) => Exceptions.Add($"{stage}: {ex.GetType().Name}: {(ex.Message.Length > 200 ? ex.Message[..200] : ex.Message)}\n{ex.StackTrace?.Split('\n').Take(4).Aggregate((a, b) => a + "\n" + b)}");

        public void Tally(FhirReadResult read, List<string> sources, List<FhirMutator.Kind> kinds)
        {
            var readFrom = read.Resources.Select(r => r.Annotation<FhirResourceOrigin>()?.Source).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var skipped = read.Issues.Where(i => i.Skipped).ToLookup(i => i.Source, StringComparer.Ordinal);
            for (var i = 0; i < sources.Count; i++)
            {
                Total++;
                var kind = kinds[i].ToString();
                var (a, r) = ByKind.GetValueOrDefault(kind);
                if (skipped[sources[i]].FirstOrDefault() is { } issue)
                {
                    Rejected++;
                    ByKind[kind] = (a, r + 1);
                    ByReason[Reason(issue.Message)] = ByReason.GetValueOrDefault(Reason(issue.Message)) + 1;
                    if (issue.Message.Length < 10 || readFrom.Contains(sources[i]))
                    {
                        Unclear.Add($"{sources[i]} ({kind}): '{issue.Message}'");
                    }
                }
                else if (readFrom.Contains(sources[i]))
                {
                    Accepted++;
                    ByKind[kind] = (a + 1, r);
                }
                else
                {
                    Unaccounted.Add($"{sources[i]} ({kind})");
                }
            }
        }

        public string Report()
        {
            var text = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{Total} mutated resources: {Accepted} read, {Rejected} rejected; {ContextsBuilt} claim contexts built, {ScoringInputs} scoring inputs; "
                    + $"{Exceptions.Count} exceptions, {Unaccounted.Count} unaccounted, {Unclear.Count} unclear rejections")
                .AppendLine("By mutation (read/rejected): " + string.Join(", ", ByKind.Select(k => $"{k.Key} {k.Value.Accepted}/{k.Value.Rejected}")))
                .AppendLine("Rejections by reason:");
            foreach (var (reason, count) in ByReason.OrderByDescending(r => r.Value))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {count,6}  {reason}");
            }

            foreach (var line in Exceptions.Concat(Unaccounted).Concat(Unclear).Take(20))
            {
                text.AppendLine("  ! " + line);
            }

            return text.ToString();
        }

        // The kind of a rejection: the message up to its first element path or position.
        private static string Reason(string message)
        {
            var head = message.Contains(" at ", StringComparison.Ordinal) ? message[..message.IndexOf(" at ", StringComparison.Ordinal)]
                : message.StartsWith("not valid JSON", StringComparison.Ordinal) ? "not valid JSON"
                : message.StartsWith("refused: ", StringComparison.Ordinal) && message.Contains("MiB", StringComparison.Ordinal) ? "refused: over the one-resource size limit"
                : message.StartsWith("unknown FHIR R4 resource type", StringComparison.Ordinal) ? "unknown FHIR R4 resource type"
                : message;
            return head.Length > 90 ? head[..90] : head;
        }
    }
}
