using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Claims;

/// <summary>
/// Reading a Bulk NDJSON export patient by patient gives what reading it whole and grouping it gives: the same
/// claims (features, findings, labels), in the same order, with the same counts, also with awkward lines in it; and
/// exports it does not understand are left to the whole-export reader.
/// </summary>
public sealed class BulkExportByPatientTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-by-patient-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void GivenASimulatedHistoryWithAwkwardLines_WhenReadPatientByPatient_ThenClaimsAndCountsEqualTheWholeRead()
    {
        var history = Simulate();
        var claimsPath = Path.Combine(history, "Claim.ndjson");
        var claims = File.ReadAllLines(claimsPath).Select(l => JsonNode.Parse(l)!).ToList();
        var withoutPatient = claims[3].DeepClone();
        withoutPatient["id"] = "claim-without-patient";
        withoutPatient.AsObject().Remove("patient");
        // CRLF line ends, a blank line, a line that is not JSON, an unknown resource type and a claim without a patient.
        File.WriteAllText(claimsPath, string.Join("\r\n", claims.Select(c => c.ToJsonString()))
            + "\r\n\r\n{not json\n{\"resourceType\":\"Spaceship\",\"id\":\"x\"}\n" + withoutPatient.ToJsonString() + "\n");
        // A second version of one EOB, filed later in the file.
        var eobPath = Path.Combine(history, "ExplanationOfBenefit.ndjson");
        var second = JsonNode.Parse(File.ReadLines(eobPath).First())!;
        second["meta"] = new JsonObject { ["lastUpdated"] = "2027-01-20T00:00:00Z" };
        File.AppendAllText(eobPath, second.ToJsonString() + "\n");

        BulkExportByPatient.TryRead([history], record => record.Resources.Count, out var perPatient, out _, out _).ShouldBeTrue();
        var (byPatient, byPatientReport) = ScoringBatch.Read([history], Rules, null);
        var (whole, wholeReport) = ScoringBatch.Read(FhirResourceReader.ReadDirectory(history), Rules, null);

        perPatient.Count.ShouldBeGreaterThan(50);
        byPatient.Count.ShouldBeGreaterThan(300);
        byPatient.Select(Json).ShouldBe(whole.Select(Json));
        byPatient.ShouldContain(c => c.ClaimId == "claim-without-patient");
        byPatientReport.ShouldSatisfyAllConditions(
            r => r.Resources.ShouldBe(wholeReport.Resources),
            r => r.SkippedResources.ShouldBe(wholeReport.SkippedResources),
            r => r.SkippedResources.ShouldBe(2),
            r => r.EobsWithoutClaim.ShouldBe(wholeReport.EobsWithoutClaim),
            r => r.Labelled.ShouldBe(wholeReport.Labelled),
            r => r.Denied.ShouldBe(wholeReport.Denied));
    }

    [Fact]
    public void GivenABundleFile_WhenReadPatientByPatient_ThenItIsLeftToTheWholeRead()
    {
        var history = Simulate();
        File.WriteAllText(Path.Combine(history, "extra.json"), """{"resourceType":"Bundle","type":"collection","entry":[]}""");

        BulkExportByPatient.TryRead([history], record => record, out _, out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void GivenAClaimNamingItsPatientByIdentifierOnly_WhenReadPatientByPatient_ThenItIsLeftToTheWholeRead()
    {
        var history = Simulate();
        var claimsPath = Path.Combine(history, "Claim.ndjson");
        var claim = JsonNode.Parse(File.ReadLines(claimsPath).First())!;
        claim["id"] = "claim-by-identifier";
        claim["patient"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = "urn:mrn", ["value"] = "1" } };
        File.AppendAllText(claimsPath, claim.ToJsonString() + "\n");

        BulkExportByPatient.TryRead([history], record => record, out _, out _, out _).ShouldBeFalse();
    }

    private string Simulate()
    {
        var dir = Path.Combine(_work.FullName, Guid.NewGuid().ToString("N"));
        PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 60, Months = 12, Seed = 5 }, Rules).Write(dir);
        return Path.Combine(dir, "history");
    }

    private static string Json(ScoringClaim claim) => JsonSerializer.Serialize(claim);
}
