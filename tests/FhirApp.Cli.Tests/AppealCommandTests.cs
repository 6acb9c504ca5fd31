using System.Text.Json;
using UglyToad.PdfPig;

namespace FhirApp.Cli.Tests;

/// <summary>`fhirapp appeal` on the demo fixtures, in-process.</summary>
public sealed class AppealCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-appeal-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string DemoDirectory() => FhirApp.Tests.Shared.RepositoryPaths.DemoFixtures;

    private static string GraceDirectory() => Path.Combine(FhirApp.Tests.Shared.RepositoryPaths.Root, "tests", "fixtures", "appeals", "eval-and-dose");

    [Fact]
    public async Task GivenJamesSessionWithoutTimesAndWeeksLeft_WhenAppealRuns_ThenTheDecisionIsToAskTheClinicianAndNoLetterIsWritten()
    {
        File.WriteAllText(Path.Combine(_work.FullName, "letter.pdf"), "a letter from an earlier run");
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", DemoDirectory(), "--claim", "claim-james-90837", "--out", _work.FullName, "--today", "2026-04-01"], output);

        exit.ShouldBe(0, output.ToString());
        var text = output.ToString();
        text.ShouldContain("Claim RO-JAMES-90837:");
        text.ShouldContain("Level 1: first-level appeal, due 2026-06-16");
        text.ShouldContain("Line 1 (90837, CO-50): ask the clinician. The note does not yet show start and end times of the session: ask David Kim PhD to document it, then appeal.");
        text.ShouldContain("[MISSING] session-times");
        text.ShouldContain("[found] session-content");
        text.ShouldContain("No letter yet: line 1 waits for the clinician's answer");
        foreach (var file in new[] { "letter.html", "letter.pdf", "packet.json", "submit-attachment.json" })
        {
            File.Exists(Path.Combine(_work.FullName, file)).ShouldBeFalse($"{file}: no letter without an argument, and none left from an earlier run");
        }

        using (var decisions = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.FullName, "decisions.json"))))
        {
            var line = decisions.RootElement.EnumerateArray().ShouldHaveSingleItem();
            (line.GetProperty("line").GetInt32(), line.GetProperty("action").GetString(), line.GetProperty("deadline").GetString()).ShouldBe((1, "ask the clinician", "2026-06-16"));
        }

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.FullName, "evidence.json")));
        var byCriterion = evidence.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("criterion").GetString()!);
        byCriterion["session-times"].GetProperty("found").GetBoolean().ShouldBeFalse();
        byCriterion["session-content"].GetProperty("evidence")[0].GetProperty("text").GetString().ShouldBe("Interventions: Cognitive behavioral therapy.");

        // The missing criterion becomes a Task for Dr. Kim, appending to the session's note.
        var task = Tasks().ShouldHaveSingleItem();
        task.GetProperty("owner").GetProperty("reference").GetString().ShouldBe("Practitioner/pr-david-kim");
        task.GetProperty("description").GetString().ShouldBe("Document the start and end times of the 2026-03-03 psychotherapy session billed as 90837.");
        text.ShouldContain("Addendum request(s) for the rendering clinician: 1");
    }

    [Fact]
    public async Task GivenGraceVisitAndDoseDenied_WhenAppealRuns_ThenALetterArguesEachLineByNumberWithTheQueueDeadlineAndTheBillersNumbers()
    {
        var output = new StringWriter();

        var exit = await FhirAppCommandLine.RunAsync(["appeal", "--claims", GraceDirectory(), "--claim", "claim-grace-visit", "--out", _work.FullName, "--today", "2026-06-10"], output);

        exit.ShouldBe(0, output.ToString());
        var text = output.ToString();
        text.ShouldContain("Level 1: redetermination, due 2026-09-30");
        text.ShouldContain("Line 1 (99213-25, CO-50): appeal.");
        text.ShouldContain("Line 3 (J3301, CO-151): appeal.");
        text.ShouldContain("Letter: Request for Medicare redetermination, arguing lines 1 and 3.");
        text.ShouldContain("Backing check: every clinical sentence is backed.");

        var html = File.ReadAllText(Path.Combine(_work.FullName, "letter.html"));
        html.ShouldContain("Line 1: ");
        html.ShouldContain("Line 3: ");
        html.ShouldContain("reverse the denial of lines 1 and 3");
        html.ShouldContain("2026-09-30");
        html.ShouldNotContain("window per the payer contract");
        using (var pdf = PdfDocument.Open(Path.Combine(_work.FullName, "letter.pdf")))
        {
            var words = string.Join(' ', pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            words.ShouldContain("ICN-26153000123");
            words.ShouldContain("RO-GRACE-0512");
            words.ShouldNotContain("claim-grace-visit");
            words.ShouldContain("Sincerely,");
        }

        File.ReadAllText(Path.Combine(_work.FullName, "packet.json")).ShouldContain("\"Claim/claim-grace-visit\"");
        File.ReadAllText(Path.Combine(_work.FullName, "submit-attachment.json")).ShouldContain("\"TrackingId\"");
        File.Exists(Path.Combine(_work.FullName, "addendum-requests.json")).ShouldBeFalse("nothing is missing, nobody is asked");
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
        output.ToString().ShouldContain("0 note(s) read");
        output.ToString().ShouldContain("No letter yet: line 1 waits for the clinician's answer");
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
        lines[0].ShouldContain("decision appeal;");
        lines[0].ShouldContain("; 0 unbacked");
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
