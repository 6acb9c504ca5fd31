using FhirApp.SandboxEhr.Fhir;

namespace FhirApp.SandboxEhr.Tests;

public sealed class LoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sandbox-loader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void GivenBadFilesEntriesAndLines_WhenLoading_ThenEachIsReportedAndEverythingElseLoads()
    {
        Write("broken.json", """{"resourceType":"Patient","id":"x",""");
        Write("not-fhir.json", """{"beneficiaryId":"123"}""");
        Write("bundle.json", """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"resource":{"resourceType":"Patient","id":"b1"}},
              {"request":{"method":"DELETE","url":"Patient/gone"}},
              {"resource":{"resourceType":"CoverageBase","id":"nope"}},
              {"resource":{"resourceType":"Claim","id":"bad id!"}},
              {"resource":{"resourceType":"Claim","id":"b2","patient":{"reference":"Patient/b1"}}}
            ]}
            """);
        Write("export.ndjson", string.Join('\n',
            """{"resourceType":"Coverage","id":"n1"}""",
            """{"resourceType":"Coverage","id":"n2""",
            "",
            """{"resourceType":"Coverage","id":"n3"}"""));
        var store = new FhirResourceStore();

        var report = new FhirLoader().Load(store, [_directory]);

        report.FilesRead.ShouldBe(4);
        report.Loaded.ShouldBe(4);
        store.Get("Patient", "b1").ShouldNotBeNull();
        store.Get("Claim", "b2").ShouldNotBeNull();
        store.Get("Coverage", "n1").ShouldNotBeNull();
        store.Get("Coverage", "n3").ShouldNotBeNull();
        report.NonFhirFiles.ShouldBe([Path.Combine(_directory, "not-fhir.json")]);
        report.Errors.Select(i => (Path.GetFileName(i.File), i.Location, i.Kind)).ShouldBe(
        [
            ("broken.json", "line 1", LoadIssueKind.InvalidJson),
            ("bundle.json", "entry 1", LoadIssueKind.InvalidResource),
            ("bundle.json", "entry 2", LoadIssueKind.InvalidResource),
            ("bundle.json", "entry 3", LoadIssueKind.InvalidResource),
            ("export.ndjson", "line 2", LoadIssueKind.InvalidJson),
            ("not-fhir.json", "", LoadIssueKind.NotFhir),
        ]);
    }

    [Fact]
    public void GivenTheSameTypeAndIdTwice_WhenLoading_ThenTheLastOneWinsAndTheDuplicateIsReported()
    {
        Write("a.json", """{"resourceType":"Patient","id":"dup","gender":"female"}""");
        Write("b.json", """{"resourceType":"Patient","id":"dup","gender":"male"}""");
        var store = new FhirResourceStore();

        var report = new FhirLoader().Load(store, [_directory]);

        store.Get("Patient", "dup")!.Json.ShouldContain("\"male\"");
        report.Issues.ShouldContain(i => i.Kind == LoadIssueKind.Duplicate && i.File.EndsWith("b.json", StringComparison.Ordinal));
        report.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void GivenResourcesWithAndWithoutMeta_WhenLoading_ThenVersionIdAndLastUpdatedAreKeptOrAdded()
    {
        Write("with-meta.json", """{"resourceType":"Claim","id":"m1","meta":{"versionId":"7","lastUpdated":"2023-06-01T12:00:00Z"}}""");
        Write("without-meta.json", """{"resourceType":"Claim","id":"m2","unknownElement":{"deep":[1,2.50]}}""");
        var store = new FhirResourceStore();
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        new FhirLoader(new FixedTime(now)).Load(store, [_directory]);

        var kept = store.Get("Claim", "m1")!;
        kept.VersionId.ShouldBe("7");
        kept.LastUpdated.ShouldBe(new DateTimeOffset(2023, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var added = store.Get("Claim", "m2")!;
        added.VersionId.ShouldBe("1");
        added.LastUpdated.ShouldBe(now);
        added.Json.ShouldContain("\"unknownElement\":{\"deep\":[1,2.50]}");
    }

    [Fact]
    public void GivenATransactionWithUrnUuidReferences_WhenLoading_ThenTheReferencesResolveToTheEntries()
    {
        Write("synthea.json", """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:2b0f7d5c-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","id":"2b0f7d5c-0000-4000-8000-000000000001"}},
              {"fullUrl":"urn:uuid:2b0f7d5c-0000-4000-8000-000000000002","resource":{"resourceType":"Claim","patient":{"reference":"urn:uuid:2b0f7d5c-0000-4000-8000-000000000001"}}},
              {"resource":{"resourceType":"Practitioner","id":"npi","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"999"}]}}
            ]}
            """);
        var store = new FhirResourceStore();

        new FhirLoader().Load(store, [_directory]);

        store.Get("Claim", "2b0f7d5c-0000-4000-8000-000000000002").ShouldNotBeNull("an id-less entry takes its id from the urn:uuid fullUrl");
        store.ResolveReference("urn:uuid:2b0f7d5c-0000-4000-8000-000000000001").ShouldBe("Patient/2b0f7d5c-0000-4000-8000-000000000001");
        store.ResolveReference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|999").ShouldBe("Practitioner/npi");
        store.ResolveReference("https://elsewhere.example/fhir/Patient/abc/_history/2").ShouldBe("Patient/abc");
    }

    [Fact]
    public void GivenAMissingPath_WhenLoading_ThenItIsReportedNotThrown()
    {
        var report = new FhirLoader().Load(new FhirResourceStore(), [Path.Combine(_directory, "absent")]);

        report.Errors.Single().Kind.ShouldBe(LoadIssueKind.MissingPath);
    }

    [Fact]
    public void GivenTheSharedFhirSamples_WhenLoadingEveryFile_ThenNothingThrowsAndNonFhirFilesAreReported()
    {
        var samples = FindSharedSamples();
        var store = new FhirResourceStore();

        var report = Should.NotThrow(() => new FhirLoader().Load(store, [samples]));

        report.FilesRead.ShouldBeGreaterThan(100);
        report.Loaded.ShouldBeGreaterThan(1000);
        store.OfType("ExplanationOfBenefit").Count.ShouldBeGreaterThan(10);
        report.NonFhirFiles.ShouldContain(f => f.Contains("NOT_FHIR", StringComparison.Ordinal));
        report.Issues.ShouldAllBe(i => !string.IsNullOrEmpty(i.File) && !string.IsNullOrEmpty(i.Message));
    }

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_directory, name), json);

    private static string FindSharedSamples() => Path.Combine(FhirApp.Tests.Shared.RepositoryPaths.Samples, "fhir-samples");

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void GivenADemoAsOfADay_WhenLoadedWithTheShift_ThenEveryFullDateMovesByTheSameDaysAndNothingElseChanges()
    {
        Write("eob.json", """
            {"resourceType":"ExplanationOfBenefit","id":"e1","created":"2026-02-24T10:00:00Z","billablePeriod":{"start":"2026-02-10","end":"2026-02-10"},
             "item":[{"servicedDate":"2026-02-10","productOrService":{"coding":[{"code":"20610"}]}}],"partial":"2026-02","year":"2026","note":"due 2026-03-01 or so"}
            """);
        var store = new FhirResourceStore();

        new FhirLoader(shiftDays: 30).Load(store, [_directory]);

        var json = store.Get("ExplanationOfBenefit", "e1")!.Json;
        json.ShouldContain("\"created\":\"2026-03-26T10:00:00Z\"");
        json.ShouldContain("\"start\":\"2026-03-12\",\"end\":\"2026-03-12\"");
        json.ShouldContain("\"servicedDate\":\"2026-03-12\"");
        json.ShouldContain("\"code\":\"20610\"");
        json.ShouldContain("\"partial\":\"2026-02\"", customMessage: "a partial date is left alone");
        json.ShouldContain("\"note\":\"due 2026-03-01 or so\"", customMessage: "free text is not a date");
    }
}
