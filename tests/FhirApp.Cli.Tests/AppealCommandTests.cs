using System.Text.Json;
using UglyToad.PdfPig;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp appeal` on the demo fixtures, in-process.</summary>
public sealed class AppealCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-appeal-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string DemoDirectory() => FhirApp.Tests.Shared.RepositoryPaths.DemoFixtures;

    [Fact]
    public async Task GivenDeniedDemoClaim_WhenAppealRuns_ThenPacketFilesAreWrittenAndEvidenceIsPrinted()
    {
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", DemoDirectory(), "--claim", "claim-james-90837", "--out", _work.FullName, "--today", "2026-04-01"], output);

        exit.ShouldBe(0, output.ToString());
        var text = output.ToString();
        text.ShouldContain("[MISSING] session-times");
        text.ShouldContain("[found] session-content");
        text.ShouldContain("Cognitive behavioral therapy");
        text.ShouldContain("every clinical sentence is backed");
        File.ReadAllText(Path.Combine(_work.FullName, "letter.html")).ShouldContain("claim-james-90837");
        using (var pdf = PdfDocument.Open(Path.Combine(_work.FullName, "letter.pdf")))
        {
            // Page.Text keeps the letters, not always the spaces between words.
            string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal).ShouldContain("Cognitivebehavioraltherapy");
        }

        File.ReadAllText(Path.Combine(_work.FullName, "packet.json")).ShouldContain("\"Claim/claim-james-90837\"");
        File.ReadAllText(Path.Combine(_work.FullName, "submit-attachment.json")).ShouldContain("\"TrackingId\"");

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.FullName, "evidence.json")));
        var byCriterion = evidence.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("criterion").GetString()!);
        byCriterion["session-times"].GetProperty("found").GetBoolean().ShouldBeFalse();
        var quote = byCriterion["session-content"].GetProperty("evidence")[0];
        quote.GetProperty("document_id").GetString().ShouldBe("doc-james-90837-note");
        quote.GetProperty("quote").GetString().ShouldBe("Interventions: Cognitive behavioral therapy.");

        // The missing criterion becomes a Task for Dr. Kim, appending to the session's note.
        var task = Tasks().ShouldHaveSingleItem();
        task.GetProperty("owner").GetProperty("reference").GetString().ShouldBe("Practitioner/pr-david-kim");
        task.GetProperty("description").GetString().ShouldBe("Document the start and end times of the 2026-03-03 psychotherapy session billed as 90837.");
        text.ShouldContain("Addendum request(s) for the rendering clinician: 1");
    }

    [Fact]
    public async Task GivenAClaimWhoseNotesAreMissing_WhenAppealRuns_ThenNoLetterOnlyTheAddendumRequests()
    {
        var data = _work.CreateSubdirectory("data");
        foreach (var file in Directory.EnumerateFiles(DemoDirectory()).Where(f => !Path.GetFileName(f).StartsWith("DocumentReference-doc-james", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(data.FullName, Path.GetFileName(file)));
        }
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", data.FullName, "--claim", "claim-james-90837", "--out", _work.FullName, "--today", "2026-04-01"], output);

        exit.ShouldBe(0, output.ToString());
        output.ToString().ShouldContain("No usable evidence: none of the 2 criteria is in the chart, so no letter was written.");
        File.Exists(Path.Combine(_work.FullName, "letter.pdf")).ShouldBeFalse();
        File.Exists(Path.Combine(_work.FullName, "packet.json")).ShouldBeFalse();
        Tasks().Select(t => t.GetProperty("input").EnumerateArray().First().GetProperty("valueString").GetString()).ShouldBe(
        [
            "Document the start and end times of the 2026-03-03 psychotherapy session billed as 90837.",
            "Document the interventions used in the 2026-03-03 psychotherapy session billed as 90837.",
        ]);
    }

    [Fact]
    public async Task GivenTheAppealBenchmark_WhenRunSmall_ThenItBuildsAFullyBackedPacketAndEndsWithTheMedian()
    {
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["bench", "appeal", "--notes", "30", "--runs", "3"], output);

        exit.ShouldBe(0, output.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldContain("Claim with 30 notes in its window (30 read)");
        lines[0].ShouldContain("criteria found 5 of 5; 0 unbacked");
        lines.Count(l => l.StartsWith("run ", StringComparison.Ordinal)).ShouldBe(3);
        lines[^1].ShouldMatch(@"^packet_median_ms=\d+\.\d$");
    }

    private List<JsonElement> Tasks()
    {
        using var bundle = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.FullName, "addendum-requests.json")));
        return bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").Clone()).ToList();
    }

    [Fact]
    public async Task GivenUnknownClaim_WhenAppealRuns_ThenExitCodeIs1()
    {
        var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", DemoDirectory(), "--claim", "claim-nope", "--out", _work.FullName], output);
        exit.ShouldBe(1);
        output.ToString().ShouldContain("claim-nope");
    }
}
