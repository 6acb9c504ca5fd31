using FhirApp.Web.Connections;

namespace FhirApp.Web.Tests.Connections;

/// <summary>The remittance, claimSubmission and eligibility blocks of smart-config files: read beside the registration, checked at start naming the key.</summary>
public sealed class PracticeConnectionRegistryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fhirapp-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    private PracticeConnectionRegistry Load(string json)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "practice.json"), json);
        return PracticeConnectionRegistry.LoadDirectory(_dir.FullName, "/srv/fhirapp");
    }

    private const string Submission = """
        "claimSubmission": { "submitterName": "RIVERSIDE", "submitterId": "RIV123", "contactName": "BILLING", "contactPhone": "5095550100",
          "receiverName": "CLEARINGHOUSE", "receiverId": "CH01", "interchangeSenderId": "RIV123", "interchangeReceiverId": "CH01" }
        """;

    [Fact]
    public void GivenTheThreeBlocks_WhenLoaded_ThenTheyAreReadWithTheDropFolderResolvedAgainstTheContentRoot()
    {
        var registry = Load($$"""
            { "id": "riverside", "clientId": "x", "remittance": { "dropFolder": "drop/riverside", "pollIntervalSeconds": 60 }, {{Submission}},
              "eligibility": { "clearinghouse": { "baseUrl": "https://ch.example/api", "submitterId": "RIV123", "receiverId": "CH01" },
                "payers": { "BPBC1": { "clearinghousePayerId": "BLUEPEAK" }, "ACME1": { "fhirEndpoint": "https://acme.example/fhir" } } } }
            """);

        var connections = registry.For("riverside");
        connections.DropFolderPath.ShouldBe("/srv/fhirapp/drop/riverside");
        connections.ClaimSubmission!.SubmitterId.ShouldBe("RIV123");
        connections.Eligibility!.Payers.Keys.ShouldBe(["BPBC1", "ACME1"], ignoreOrder: true);
        registry.For("another").ShouldBe(PracticeConnections.None);
    }

    [Theory]
    [InlineData("""{ "id": "p", "remittance": { "pollIntervalSeconds": 60 } }""", "remittance.dropFolder")]
    [InlineData("""{ "id": "p", "remittance": { "dropFolder": "d", "sftp": { "host": "sftp.example" } } }""", "remittance.sftp")]
    [InlineData("""{ "id": "p", "claimSubmission": { "submitterName": "R", "submitterId": "R1", "contactName": "B", "contactPhone": "555", "receiverName": "C", "receiverId": "C1", "interchangeSenderId": "R1", "interchangeReceiverId": "C1" } }""", "claimSubmission.contactPhone")]
    [InlineData("""{ "id": "p", "eligibility": { "payers": { "BPBC1": { "clearinghousePayerId": "BLUEPEAK" } } } }""", "eligibility.clearinghouse")]
    [InlineData("""{ "id": "p", "eligibility": { "payers": { "ACME1": { "fhirEndpoint": "http://acme.example/fhir" } } } }""", "eligibility.payers.ACME1.fhirEndpoint")]
    [InlineData("""{ "id": "p", "remittance": { "dropFolder": 7 } }""", "$.remittance.dropFolder")]
    public void GivenABadValue_WhenLoaded_ThenStartStopsNamingTheFileAndTheKey(string json, string key)
    {
        var error = Should.Throw<InvalidOperationException>(() => Load(json));

        error.Message.ShouldStartWith($"smart-config file 'practice.json': {key}");
    }
}
