using System.Text;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Tests.Claims.Fhir;

public sealed class FhirResourceReaderTests : IDisposable
{
    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("fhirapp-reader-").FullName;

    public void Dispose() => Directory.Delete(_tempDirectory, recursive: true);

    [Fact]
    public void GivenBundleWithOneMalformedEntry_WhenRead_ThenOnlyThatEntryIsSkipped()
    {
        const string bundle = """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1"}},
              {"resource":{"resourceType":"Claim","id":"bad-claim","status":"active","total":{"value":"abc","currency":"USD"}}},
              {"resource":{"resourceType":"Coverage","id":"c1","status":"active","beneficiary":{"reference":"Patient/p1"},"payor":[{"display":"Acme"}]}}
            ]}
            """;

        var result = FhirResourceReader.ReadJson(bundle, "bundle.json");

        result.Resources.Select(r => r.TypeName + "/" + r.Id).ShouldBe(["Patient/p1", "Coverage/c1"]);
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeTrue();
        issue.Source.ShouldBe("bundle.json#entry[1]");
        issue.ResourceType.ShouldBe("Claim");
        issue.ResourceId.ShouldBe("bad-claim");
        issue.Message.ShouldContain("Claim.total.value");
    }

    [Fact]
    public void GivenBundleEntryWithFullUrl_WhenRead_ThenResourceCarriesItsOrigin()
    {
        const string bundle = """{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:abc","resource":{"resourceType":"Patient","id":"p1"}}]}""";

        var patient = FhirResourceReader.ReadJson(bundle, "b.json").Resources.ShouldHaveSingleItem();

        patient.Annotation<FhirResourceOrigin>().ShouldBe(new FhirResourceOrigin("b.json#entry[0]", "urn:uuid:abc"));
    }

    [Fact]
    public void GivenClaimWithUnknownElements_WhenRead_ThenClaimIsKeptWithLenientIssue()
    {
        var result = FhirResourceReader.ReadJson(FhirFixtures.EdgeJson("Claim-claim-edge-unknown-elements.json"), "edge");

        var claim = result.Resources.ShouldHaveSingleItem().ShouldBeOfType<Claim>();
        claim.Id.ShouldBe("claim-edge-unknown-elements");
        claim.Total!.Value.ShouldBe(150.00m);
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeFalse();
        issue.Message.ShouldContain("unknown element");
        issue.Message.ShouldContain("Claim.x-ehr-vendor-flag");
        issue.Message.ShouldContain("Claim.item[0].vendorLineTag");
    }

    [Fact]
    public void GivenMalformedMoneyValue_WhenReadFromFile_ThenSkippedWithIdTypeAndFile()
    {
        var path = Path.Combine(FhirFixtures.EdgeDirectory, "Claim-claim-edge-malformed.json");

        var result = FhirResourceReader.ReadFile(path);

        result.Resources.ShouldBeEmpty();
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.ShouldBe(issue with { Source = path, ResourceType = "Claim", ResourceId = "claim-edge-malformed", Skipped = true });
        issue.Message.ShouldContain("Claim.total.value");
    }

    [Fact]
    public void GivenMalformedValues_WhenRead_ThenIssueMessagesDoNotQuoteContent()
    {
        const string patient = """{"resourceType":"Patient","id":"p9","name":[{"family":"Zyxwvut"}],"active":"definitely","birthDate":"1990-13-45"}""";

        var issue = FhirResourceReader.ReadJson(patient, "p.json").Issues.ShouldHaveSingleItem();

        issue.Skipped.ShouldBeTrue();
        issue.Message.ShouldContain("Patient.active");
        issue.Message.ShouldNotContain("definitely");
        issue.Message.ShouldNotContain("Zyxwvut");
        issue.Message.ShouldNotContain("1990-13-45");
    }

    [Fact]
    public void GivenDateOnlyInstant_WhenRead_ThenValueIsRepairedAndIssueIsLenient()
    {
        var result = FhirResourceReader.ReadJson(FhirFixtures.EdgeJson("DocumentReference-doc-edge-date-only.json"), "edge");

        var note = result.Resources.ShouldHaveSingleItem().ShouldBeOfType<DocumentReference>();
        note.Date.ShouldBe(new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero));
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeFalse();
        issue.Message.ShouldContain("invalid instant read as UTC at DocumentReference.date");
    }

    [Fact]
    public void GivenNdjsonWithBadLines_WhenRead_ThenEachBadLineIsSkippedWithItsLineNumber()
    {
        const string ndjson = """
            {"resourceType":"Patient","id":"p1"}
            this is not json
            {"resourceType":"Patient","id":"p2"}

            {"resourceType":"Claim","id":"c-bad","total":{"value":"abc"}}
            """;

        var result = FhirResourceReader.ReadNdjson(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "export.ndjson");

        result.Resources.Select(r => r.Id).ShouldBe(["p1", "p2"]);
        result.Issues.Select(i => (i.Source, i.ResourceId, i.Skipped)).ShouldBe(
        [
            ("export.ndjson:line 2", (string?)null, true),
            ("export.ndjson:line 5", "c-bad", true),
        ]);
        result.Issues[0].Message.ShouldStartWith("not valid JSON");
    }

    [Fact]
    public void GivenNdjsonFile_WhenReadFile_ThenLinesAreRead()
    {
        var path = Path.Combine(_tempDirectory, "Patient.ndjson");
        File.WriteAllLines(path, ["""{"resourceType":"Patient","id":"p1"}""", """{"resourceType":"Patient","id":"p2"}"""]);

        var result = FhirResourceReader.ReadFile(path);

        result.Resources.Count.ShouldBe(2);
        result.Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("codes.csv", "code,display\n11,Office\n", "not a FHIR JSON file ('.csv')")]
    [InlineData("readme.txt", "hello", "not a FHIR JSON file ('.txt')")]
    [InlineData("logical.json", """{"beneficiary":{"mbi":"1EG4TE5MK73"}}""", "not FHIR JSON: the top-level object has no resourceType")]
    [InlineData("array.json", """[{"resourceType":"Patient"}]""", "not FHIR JSON: the top-level value is an array")]
    [InlineData("broken.json", """{"resourceType":"Patient",""", "not valid JSON")]
    [InlineData("model.json", """{"resourceType":"ExplanationOfBenefitBase","id":"x"}""", "unknown FHIR R4 resource type 'ExplanationOfBenefitBase'")]
    public void GivenFileThatIsNotFhirJson_WhenReadFile_ThenOneClearSkippedIssue(string name, string content, string expected)
    {
        var path = Path.Combine(_tempDirectory, name);
        File.WriteAllText(path, content);

        var result = FhirResourceReader.ReadFile(path);

        result.Resources.ShouldBeEmpty();
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeTrue();
        issue.Source.ShouldBe(path);
        issue.Message.ShouldStartWith(expected);
    }

    [Fact]
    public void GivenMissingFileAndFolder_WhenRead_ThenIssuesNotExceptions()
    {
        var missing = Path.Combine(_tempDirectory, "nope");

        FhirResourceReader.ReadFile(missing + ".json").Issues.ShouldHaveSingleItem().Message.ShouldStartWith("could not read the file");
        FhirResourceReader.ReadDirectory(missing).Issues.ShouldHaveSingleItem().Message.ShouldBe("folder not found");
    }

    [Fact]
    public void GivenBatchResponse_WhenReadResponseBundle_ThenNestedSearchsetsAreReadAndFailedEntriesReported()
    {
        const string batchResponse = """
            {"resourceType":"Bundle","type":"batch-response","entry":[
              {"resource":{"resourceType":"Bundle","type":"searchset","entry":[
                  {"fullUrl":"https://ehr/fhir/Organization/o1","resource":{"resourceType":"Organization","id":"o1"},"search":{"mode":"match"}},
                  {"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"incomplete","diagnostics":"Patient Jane Roe"}]},"search":{"mode":"outcome"}}]},
               "response":{"status":"200 OK"}},
              {"response":{"status":"404 Not Found","outcome":{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Patient/p1 secret"}]}}},
              {"resource":{"resourceType":"Patient","id":"p1"},"response":{"status":"200"}}
            ]}
            """;

        var result = FhirResourceReader.ReadResponseBundle(batchResponse, "batch");

        result.Resources.Select(r => r.TypeName + "/" + r.Id).ShouldBe(["Organization/o1", "Patient/p1"]);
        result.Issues.Count.ShouldBe(2, string.Join("\n", result.Issues));
        result.Issues.ShouldContain(i => i.Source == "batch#entry[0]#entry[1]" && !i.Skipped && i.Message.EndsWith("warning incomplete", StringComparison.Ordinal));
        result.Issues.ShouldContain(i => i.Source == "batch#entry[1]" && i.Skipped && i.Message == "batch entry failed with HTTP status '404 Not Found': error not-found");
        result.Issues.ShouldAllBe(i => !i.Message.Contains("secret") && !i.Message.Contains("Jane Roe"));
    }

    [Fact]
    public void GivenOperationOutcomeInsteadOfBundle_WhenReadResponseBundle_ThenSkippedIssueAndNoResources()
    {
        const string outcome = """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden"}]}""";

        var result = FhirResourceReader.ReadResponseBundle(outcome, "GET Claim?patient=p1");

        result.Resources.ShouldBeEmpty();
        var issue = result.Issues.ShouldHaveSingleItem();
        issue.Skipped.ShouldBeTrue();
        issue.Message.ShouldContain("error forbidden");
    }

    [Fact]
    public void GivenDemoFixtures_WhenReadDirectory_ThenEveryFileGivesOneResourceWithoutIssues()
    {
        var fileCount = Directory.GetFiles(FhirFixtures.DemoDirectory, "*.json").Length;

        var result = FhirFixtures.ReadDemo();

        result.Issues.ShouldBeEmpty(string.Join("\n", result.Issues));
        result.Resources.Count.ShouldBe(fileCount);
    }

    [Fact]
    public void GivenEdgeFixtures_WhenReadDirectory_ThenOnlyTheMalformedClaimIsSkipped()
    {
        var result = FhirResourceReader.ReadDirectory(FhirFixtures.EdgeDirectory);

        result.SkippedIssues.ShouldHaveSingleItem().ResourceId.ShouldBe("claim-edge-malformed");
        result.Resources.Select(r => r.Id).ShouldBe(["claim-edge-unknown-elements", "doc-edge-date-only", "p-edge-case"], ignoreOrder: true);
    }
}
