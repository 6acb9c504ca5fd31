using System.Text;
using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>
/// The reader's documented limits (<see cref="FhirResourceParser.MaxResourceBytes"/>, <see cref="FhirResourceParser.MaxResourceDepth"/>,
/// <see cref="FhirResourceParser.MaxJsonDepth"/>): an oversized or too-deep resource is refused with a clear issue and
/// costs only itself, in NDJSON and in Bundles alike.
/// </summary>
public sealed class FhirReadLimitsTests : IDisposable
{
    private const string Good1 = """{"resourceType":"Patient","id":"ok-1"}""";
    private const string Good2 = """{"resourceType":"Coverage","id":"ok-2","status":"active","beneficiary":{"reference":"Patient/ok-1"},"payor":[{"display":"Acme"}]}""";

    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("fhirapp-limits-").FullName;

    public void Dispose() => Directory.Delete(_tempDirectory, recursive: true);

    [Fact]
    public void GivenNdjsonLineOverTheSizeLimit_WhenRead_ThenOnlyThatLineIsRefusedWithTheLimit()
    {
        var huge = Oversized("big-1");
        var ndjson = string.Join('\n', Good1, huge, Good2);

        var result = FhirResourceReader.ReadNdjson(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "export.ndjson");

        result.Resources.Select(r => r.Id).ShouldBe(["ok-1", "ok-2"]);
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeTrue();
        issue.Source.ShouldBe("export.ndjson:line 2");
        issue.Message.ShouldContain("over the 8 MiB limit for one resource");
    }

    [Fact]
    public void GivenBundleEntryOverTheSizeLimit_WhenRead_ThenOnlyThatEntryIsRefused()
    {
        var bundle = Bundle(Good1, Oversized("big-2"), Good2);

        var result = FhirResourceReader.ReadJson(bundle, "bundle.json");

        result.Resources.Select(r => r.Id).ShouldBe(["ok-1", "ok-2"]);
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.ShouldBe(issue with { Source = "bundle.json#entry[1]", ResourceType = "Patient", ResourceId = "big-2", Skipped = true });
        issue.Message.ShouldContain("over the 8 MiB limit for one resource");
    }

    [Fact]
    public void GivenNdjsonLineNestedTooDeep_WhenRead_ThenOnlyThatLineIsRefusedWithTheDepthLimit()
    {
        var ndjson = string.Join('\n', Good1, Nested("deep-1", FhirResourceParser.MaxResourceDepth + 10), Nested("legal", FhirResourceParser.MaxResourceDepth), Good2);

        var result = FhirResourceReader.ReadNdjson(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "export.ndjson");

        result.Resources.Select(r => r.Id).ShouldBe(["ok-1", "legal", "ok-2"]);
        var issue = result.SkippedIssues.ShouldHaveSingleItem();
        issue.Source.ShouldBe("export.ndjson:line 2");
        issue.ResourceId.ShouldBe("deep-1");
        issue.Message.ShouldBe("refused: nested deeper than 128 levels, the limit for one resource");
    }

    [Fact]
    public void GivenBundleEntryNestedTooDeep_WhenRead_ThenOnlyThatEntryIsRefused()
    {
        // 300 levels: deeper than one resource may be, well within a document's limit, so the rest of the Bundle is read.
        var bundle = Bundle(Good1, Nested("deep-2", 300), Good2);

        var result = FhirResourceReader.ReadJson(bundle, "bundle.json");

        result.Resources.Select(r => r.Id).ShouldBe(["ok-1", "ok-2"]);
        var issue = result.SkippedIssues.ShouldHaveSingleItem();
        issue.Source.ShouldBe("bundle.json#entry[1]");
        issue.Message.ShouldContain("nested deeper than 128 levels");
    }

    [Fact]
    public void GivenDocumentDeeperThanTheDocumentLimit_WhenRead_ThenTheDocumentIsRefusedWithThatLimitAndNothingThrows()
    {
        var file = Path.Combine(_tempDirectory, "deep.json");
        File.WriteAllText(file, Nested("deep-3", FhirResourceParser.MaxJsonDepth + 500));
        var ndjson = string.Join('\n', Nested("deep-4", 50_000), Good1);

        var fromFile = FhirResourceReader.ReadFile(file);
        var fromNdjson = FhirResourceReader.ReadNdjson(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "export.ndjson");

        fromFile.Resources.ShouldBeEmpty();
        fromFile.Issues.ShouldHaveSingleItem().Message.ShouldBe("refused: the JSON nests deeper than 1000 levels, the limit for one document");
        fromNdjson.Resources.ShouldHaveSingleItem().Id.ShouldBe("ok-1");
        fromNdjson.Issues.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            i => i.Source.ShouldBe("export.ndjson:line 1"),
            i => i.Message.ShouldContain("nests deeper than 1000 levels"));
    }

    [Fact]
    public void GivenInvalidUtf8_WhenRead_ThenRefusedAsNotUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"resourceType":"Patient","id":"p1","name":[{"family":"Xx"}]}""");
        bytes[^6] = 0xC3; // a lead byte without its continuation

        var result = FhirResourceReader.ReadJson(bytes, "p.json");

        result.Resources.ShouldBeEmpty();
        result.Issues.ShouldHaveSingleItem().Message.ShouldBe("not valid UTF-8 text (FHIR JSON must be UTF-8)");
    }

    /// <summary>A Patient whose text is just over the one-resource limit.</summary>
    private static string Oversized(string id) =>
        $$$"""{"resourceType":"Patient","id":"{{{id}}}","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">{{{new string('a', FhirResourceParser.MaxResourceBytes)}}}</div>"}}""";

    /// <summary>A Patient whose nesting (the resource counting 1) reaches <paramref name="depth"/> through nested extensions.</summary>
    private static string Nested(string id, int depth)
    {
        // Each wrap is an extension object inside its array: two levels.
        var wraps = (depth - 1) / 2;
        var inner = new StringBuilder();
        for (var i = 0; i < wraps; i++)
        {
            inner.Append("""[{"url":"http://example.org/x","extension":""");
        }

        inner.Append("[]");
        for (var i = 0; i < wraps; i++)
        {
            inner.Append("}]");
        }

        return $$"""{"resourceType":"Patient","id":"{{id}}","extension":{{inner}}}""";
    }

    private static string Bundle(params string[] resources) =>
        $$"""{"resourceType":"Bundle","type":"collection","entry":[{{string.Join(',', resources.Select(r => $$"""{"resource":{{r}}}"""))}}]}""";
}
