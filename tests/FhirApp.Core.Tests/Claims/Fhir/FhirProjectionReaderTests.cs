using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Synthetic;
using FhirApp.Tests.Shared;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>
/// The fast projection reader against Firely's deserializer: on every sample and fixture file, on a synthetic export,
/// and on seeded malformed variants of the resources it projects, both paths must give the same resources (compared
/// as serialized FHIR JSON), the same issues (source, type, id, message) and the same facts (denial decisions, scrub
/// findings).
/// </summary>
public sealed class FhirProjectionReaderTests(ITestOutputHelper output)
{
    private static readonly DenialDetector Detector = new(DenialCauseTable.Load());
    private static readonly FhirJsonSerializer Serializer = new();

    [Fact]
    public void GivenEverySampleAndFixtureFile_WhenReadByBothPaths_ThenResourcesIssuesAndFactsAreIdentical()
    {
        var roots = new List<string>
        {
            Path.Combine(RepositoryPaths.Samples, "fhir-samples"),
            Path.Combine(RepositoryPaths.Root, "tests", "fixtures"),
            RepositoryPaths.Fixtures,
        };
        var shared = Path.Combine(RepositoryPaths.Root, "..", "shared", "fhir-samples");
        if (Directory.Exists(shared))
        {
            roots.Add(shared);
        }

        var files = roots.SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".json" or ".ndjson" or ".jsonl")
            .Order(StringComparer.Ordinal)
            .ToList();
        files.Count.ShouldBeGreaterThan(50);
        var (resources, projected) = (0, 0);
        foreach (var file in files)
        {
            var (count, fast) = AssertSame(FhirResourceReader.ReadFile(file, FhirReaderPath.Fast), FhirResourceReader.ReadFile(file, FhirReaderPath.Firely), file);
            resources += count;
            projected += fast;
        }

        output.WriteLine($"{files.Count} files, {resources} resources, {projected} read by the projection");
        projected.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void GivenASyntheticBulkExport_WhenReadByBothPaths_ThenIdenticalAndTheHotTypesAreProjected()
    {
        var directory = Directory.CreateTempSubdirectory("fhirapp-projection-").FullName;
        try
        {
            var corpus = SyntheticClaimGenerator.Generate(new SyntheticClaimOptions { Claims = 400, Seed = 7, DefectProbability = 0.3 });
            corpus.WriteNdjson(directory);
            var fast = FhirResourceReader.ReadDirectory(directory, FhirReaderPath.Fast);
            var (count, projected) = AssertSame(fast, FhirResourceReader.ReadDirectory(directory, FhirReaderPath.Firely), directory);

            var hot = fast.Resources.Count(r => r is Claim or ExplanationOfBenefit or ClaimResponse or Coverage);
            output.WriteLine($"{count} resources, {hot} of the hot types, {projected} projected");
            hot.ShouldBeGreaterThan(400);
            // The generator's injected defects (a missing element, say) are Firely's to read; every plain one is projected.
            projected.ShouldBeGreaterThan(hot * 95 / 100);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void GivenSeededMalformedVariantsOfProjectableResources_WhenReadByBothPaths_ThenEachFailsOrPassesAlikeWithTheSameMessage()
    {
        var seeds = ProjectableSeeds();
        seeds.Count.ShouldBeGreaterThan(20);
        var mutator = new FhirMutator(20261207);
        var random = new Random(20261207);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var batch = 0; batch < 30; batch++)
        {
            var lines = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var seed = seeds[random.Next(seeds.Count)];
                var kind = random.Next(8) == 0 ? "HugeArray" : mutator.NextKind(structuralOnly: false).ToString();
                var text = kind switch
                {
                    "HugeArray" => HugeArray(seed, random),
                    _ when FhirMutator.IsStructural(Enum.Parse<FhirMutator.Kind>(kind)) => mutator.Mutate(seed, Enum.Parse<FhirMutator.Kind>(kind)).ToJsonString(),
                    _ => Encoding.UTF8.GetString(mutator.MutateText(seed.ToJsonString(), Enum.Parse<FhirMutator.Kind>(kind))).Replace("\n", " ", StringComparison.Ordinal),
                };
                lines.Add(text);
                outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            }

            // One NDJSON document per batch: a bad line must cost only itself, on both paths alike.
            var ndjson = Encoding.UTF8.GetBytes(string.Join('\n', lines));
            var fast = FhirResourceReader.ReadNdjson(new MemoryStream(ndjson), $"fuzz-{batch}");
            var firely = FhirResourceReader.ReadNdjson(new MemoryStream(ndjson), $"fuzz-{batch}", FhirReaderPath.Firely);
            AssertSame(fast, firely, $"batch {batch}");
        }

        output.WriteLine(string.Join(", ", outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
    }

    [Theory]
    [InlineData("""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/1"},"payor":[{"reference":"Organization/1"}]}""", true)]
    [InlineData("""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/1"},"payor":[{"reference":"Organization/1"}],"extension":[{"url":"x","valueString":"y"}]}""", false)]
    [InlineData("""{"resourceType":"Coverage","status":"activ","beneficiary":{"reference":"Patient/1"},"payor":[{"reference":"Organization/1"}]}""", false)]
    [InlineData("""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/1"},"payor":[]}""", false)]
    [InlineData("""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/1"},"payor":[{"reference":"Organization/1"}],"period":{"start":"2026-02-30"}}""", false)]
    [InlineData("""{"resourceType":"Coverage","status":"active","status":"active","beneficiary":{"reference":"Patient/1"},"payor":[{"reference":"Organization/1"}]}""", false)]
    [InlineData("""{"resourceType":"Patient","id":"1"}""", false)]
    public void GivenAResource_WhenProjected_ThenOnlyThePlainValidShapeIsAccepted(string json, bool projected) =>
        (FhirProjectionReader.TryRead(Encoding.UTF8.GetBytes(json)) is not null).ShouldBe(projected);

    /// <summary>Asserts both results are the same; returns the resource count and how many the projection read.</summary>
    private static (int Resources, int Projected) AssertSame(FhirReadResult fast, FhirReadResult firely, string what)
    {
        fast.Issues.Select(Describe).ToList().ShouldBe(firely.Issues.Select(Describe).ToList(), $"issues of {what}");
        fast.Resources.Count.ShouldBe(firely.Resources.Count, $"resources of {what}");
        var projected = 0;
        for (var i = 0; i < fast.Resources.Count; i++)
        {
            var (a, b) = (fast.Resources[i], firely.Resources[i]);
            Serializer.SerializeToString(a).ShouldBe(Serializer.SerializeToString(b), $"{what}: {b.TypeName}/{b.Id}");
            a.Annotation<FhirResourceOrigin>().ShouldBe(b.Annotation<FhirResourceOrigin>());
            projected += a is Claim or ExplanationOfBenefit or ClaimResponse or Coverage && FhirProjectionReader.TryRead(Encoding.UTF8.GetBytes(Serializer.SerializeToString(b))) is not null ? 1 : 0;
            if (Detector.Detect(a) is { } decision)
            {
                Facts(decision).ShouldBe(Facts(Detector.Detect(b)!), $"denial facts of {what}: {b.TypeName}/{b.Id}");
            }
        }

        Findings(fast.Resources).ShouldBe(Findings(firely.Resources), $"scrub findings of {what}");
        return (fast.Resources.Count, projected);
    }

    private static string Describe(FhirReadIssue issue) => $"{issue.Source} {issue.ResourceType}/{issue.ResourceId} {issue.Skipped}: {issue.Message}";

    private static string Facts(AdjudicationDecision decision) =>
        JsonSerializer.Serialize(new { decision.Facts, Lines = decision.Denials.Select(d => JsonSerializer.Serialize(d)).ToList() });

    private static readonly ClaimScrubber Scrubber = new(RuleBookLoader.Load(), ScrubRules.All, new FixedClock());

    private static List<string> Findings(IReadOnlyList<Resource> resources)
    {
        var builder = new ClaimContextBuilder();
        return PatientRecordGrouper.Group(resources)
            .SelectMany(builder.Build)
            .Where(c => c.Claim is not null)
            .Select(c => Scrubber.Scrub(c))
            .Select(r => $"{r.ClaimId}: {r.Error} {string.Join(" | ", r.Findings.Select(f => $"{f.RuleId} {f.Message}"))}")
            .ToList();
    }

    private static List<JsonObject> ProjectableSeeds()
    {
        var seeds = new List<JsonObject>();
        var corpus = SyntheticClaimGenerator.Generate(new SyntheticClaimOptions { Claims = 60, Seed = 3, DefectProbability = 0.3 });
        foreach (var resource in corpus.Resources.Where(r => r is Claim or ExplanationOfBenefit or ClaimResponse or Coverage))
        {
            var json = Serializer.SerializeToString(resource);
            if (FhirProjectionReader.TryRead(Encoding.UTF8.GetBytes(json)) is not null)
            {
                seeds.Add(JsonNode.Parse(json)!.AsObject());
            }
        }

        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Fixtures, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var resource in FhirResourceReader.ReadFile(file, FhirReaderPath.Firely).Resources.Where(r => r is ExplanationOfBenefit or ClaimResponse))
            {
                var json = Serializer.SerializeToString(resource);
                if (FhirProjectionReader.TryRead(Encoding.UTF8.GetBytes(json)) is not null)
                {
                    seeds.Add(JsonNode.Parse(json)!.AsObject());
                }
            }
        }

        return seeds;
    }

    /// <summary>One array of the resource repeated to thousands of entries (a runaway export line).</summary>
    private static string HugeArray(JsonObject seed, Random random)
    {
        var copy = (JsonObject)seed.DeepClone();
        var arrays = new List<JsonArray>();
        Collect(copy, arrays);
        if (arrays.Count > 0)
        {
            var array = arrays[random.Next(arrays.Count)];
            var first = array[0]!.DeepClone();
            for (var i = 0; i < 2_000; i++)
            {
                array.Add(first.DeepClone());
            }
        }

        return copy.ToJsonString();
    }

    private static void Collect(JsonNode? node, List<JsonArray> arrays)
    {
        switch (node)
        {
            case JsonArray array:
                if (array.Count > 0)
                {
                    arrays.Add(array);
                }

                foreach (var item in array)
                {
                    Collect(item, arrays);
                }

                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, arrays);
                }

                break;
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
