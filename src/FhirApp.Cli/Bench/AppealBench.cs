using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench appeal [--notes 200] [--runs 10] [--practice DIR] [--today YYYY-MM-DD]`. Two measures, figures printed,
/// nothing asserted:
/// <list type="number">
/// <item>With <c>--practice</c> (any simulated or real practice folder, e.g. what <c>fhirapp synth</c> writes; its
/// <c>history/</c> is read when there is one): every denial of the practice decided and packeted, on the day after its
/// denial (or <c>--today</c>). Printed by mechanism: denials, lines worked (appeal, retro-authorization, or the clinician
/// asked first) and the share of those with a complete packet (every criterion quoted or requested); the decisions;
/// then <c>hollow_letters=</c> and <c>unbacked_sentences=</c> (both must be 0).</item>
/// <item>Packet assembly time (decision, retrieval, extraction, letter, PDF, FHIR outputs) for a denied 20610 claim
/// whose patient has N notes, all in the claim's note window (the worst case: every note is indexed). Last line:
/// <c>packet_median_ms=</c> (goal: under 2 s with 200 notes).</item>
/// </list>
/// </summary>
internal static class AppealBench
{
    private static readonly DateOnly ServiceDate = new(2026, 2, 10);

    // Sentences of a knee clinic's notes; the evidence sentences appear in some notes only, the rest is everyday chart text.
    private static readonly string[] Sentences =
    [
        "Patient seen for follow-up of chronic conditions.",
        "Blood pressure 132/84, heart rate 76, afebrile.",
        "Reviewed medication list; no changes today.",
        "Right knee pain for 8 months, worse with stairs and walking more than two blocks.",
        "Completed 6 weeks of supervised physical therapy without improvement.",
        "Naproxen 500 mg twice daily for 3 months with partial relief only.",
        "X-ray of the right knee shows medial joint space narrowing and osteophytes, Kellgren-Lawrence grade 3.",
        "Mild effusion and crepitus on exam; range of motion 5 to 110 degrees.",
        "Discussed weight management and low-impact exercise.",
        "Hemoglobin A1c 6.1 percent last month.",
        "Patient denies fever, chills or recent trauma.",
        "Plan: follow up in 6 weeks or sooner if symptoms worsen.",
        "Smoking status: never smoker.",
        "Influenza vaccine given in the left deltoid.",
        "Lungs clear to auscultation bilaterally.",
    ];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var notes = CliOptions.PositiveInt("--notes", "Notes of the timed claim's patient.", defaultValue: 200);
        var runs = CliOptions.PositiveInt("--runs", "Timed runs (the median counts).", defaultValue: 10);
        var practice = new Option<string?>("--practice") { Description = "A practice folder (e.g. from fhirapp synth): decide and packet every denial in it." };
        var today = CliOptions.Today();
        today.Description = "With --practice: work every denial on this day (YYYY-MM-DD); default: the day after each denial.";
        var content = CliOptions.Content();
        var command = new Command("appeal", "Appeal quality over a practice's denials, and packet assembly time for a claim whose patient has N notes.") { notes, runs, practice, today, content };
        command.SetAction(parseResult => Run(parseResult.GetValue(notes), parseResult.GetValue(runs), parseResult.GetValue(practice), parseResult.GetValue(today), parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(int noteCount, int runs, string? practice, DateOnly? today, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!FhirAppCommandLine.TryCreateAppealService(contentDirectory, new FixedTimeProvider(ServiceDate.AddDays(20)), error, out var service))
        {
            return FhirAppCommandLine.Failed;
        }

        if (practice is not null)
        {
            if (!Directory.Exists(practice))
            {
                error.WriteLine($"Practice folder '{practice}' does not exist.");
                return FhirAppCommandLine.Failed;
            }

            if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
            {
                return FhirAppCommandLine.Failed;
            }

            Quality(practice, today, service.Content, rules, output);
        }

        return Time(noteCount, runs, service, output);
    }

    private static void Quality(string practice, DateOnly? today, AppealContent content, Core.Scrubbing.RuleBook rules, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var history = Path.Combine(practice, "history");
        var directories = Directory.Exists(history) ? [history] : new[] { practice };
        var causes = Core.Denials.DenialCauseTable.Load();
        var watch = Stopwatch.StartNew();
        var report = AppealQuality.Measure(directories, day => AppealService.Create(content, rules, causes, new FixedTimeProvider(day)), today);
        output.WriteLine(string.Create(c, $"Practice {Path.GetFullPath(directories[0])}: {report.Claims} denied claims, {report.Lines.Count} denied lines, {report.Letters} letters, in {watch.Elapsed.TotalSeconds:F1} s; {report.Failures.Count} claims failed"));
        foreach (var failure in report.Failures.Take(5))
        {
            output.WriteLine("  failed: " + failure);
        }

        output.WriteLine(string.Create(c, $"{"mechanism",-20} {"denials",8} {"worked",7} {"complete",9} {"share",7}   decisions"));
        foreach (var group in report.Lines.GroupBy(l => l.Mechanism).OrderByDescending(g => g.Count()))
        {
            var worked = group.Count(l => l.Worked);
            var complete = group.Count(l => l.Worked && l.Complete);
            var decisions = string.Join(", ", group.GroupBy(l => l.Action).OrderByDescending(g => g.Count()).Select(g => $"{AppealWorkflow.Action(g.Key)} {g.Count()}"));
            output.WriteLine(string.Create(c, $"{DenialNames.Of(group.Key),-20} {group.Count(),8} {worked,7} {complete,9} {(worked == 0 ? "-" : ((double)complete / worked).ToString("P1", c)),7}   {decisions}"));
        }

        var allWorked = report.Lines.Count(l => l.Worked);
        output.WriteLine(string.Create(c, $"complete_packet_share={(allWorked == 0 ? 0 : (double)report.Lines.Count(l => l.Worked && l.Complete) / allWorked):F3}"));
        output.WriteLine(string.Create(c, $"hollow_letters={report.HollowLetters}"));
        output.WriteLine(string.Create(c, $"unbacked_sentences={report.UnbackedSentences}"));
    }

    private static int Time(int noteCount, int runs, AppealService service, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var directory = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-appeal-{Environment.ProcessId}");
        try
        {
            Write(directory, noteCount);
            var read = FhirResourceReader.ReadDirectory(directory);
            var context = new ClaimContextBuilder().Build(PatientRecord.Create(read.Resources), "claim-bench-20610")
                ?? throw new InvalidOperationException("The benchmark claim was not built.");
            var watch = Stopwatch.StartNew();
            var first = service.Build(context);
            var criteria = first.Decisions.Where(d => d.Evidence is not null).SelectMany(d => d.Evidence!.Sets).SelectMany(s => s.Criteria).ToList();
            output.WriteLine(string.Create(c, $"Claim with {context.Notes.Count} notes in its window ({first.Evidence.NotesRead} read); first (cold) build {watch.Elapsed.TotalMilliseconds:F0} ms; decision {string.Join(", ", first.Decisions.Select(d => AppealWorkflow.Action(d.Action)))}; PDF {(first.Pdf?.Length ?? 0) / 1024.0:F0} KiB; criteria found {criteria.Count(x => x.Found)} of {criteria.Count}; {first.Unbacked.Count} unbacked; {Environment.ProcessorCount} cores"));
            var times = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                watch.Restart();
                service.Build(context);
                times.Add(watch.Elapsed.TotalMilliseconds);
                output.WriteLine(string.Create(c, $"run {run}: {times[^1]:F1} ms"));
            }

            times.Sort();
            var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
            output.WriteLine(string.Create(c, $"min {times[0]:F1} ms, max {times[^1]:F1} ms; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
            output.WriteLine(string.Create(c, $"packet_median_ms={median:F1}"));
            return FhirAppCommandLine.Success;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Write(string directory, int noteCount)
    {
        Directory.CreateDirectory(directory);
        const string patient = """{"resourceType":"Patient","id":"p-bench","name":[{"family":"Bench","given":["Pat"]}],"birthDate":"1960-05-01"}""";
        const string payer = """{"resourceType":"Organization","id":"org-bench-payer","name":"Bench Health Plan"}""";
        const string clinician = """{"resourceType":"Practitioner","id":"pr-bench","name":[{"family":"Example","given":["Dana"],"suffix":["MD"]}],"identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"}]}""";
        var date = ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var claim = $$$"""{"resourceType":"Claim","id":"claim-bench-20610","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p-bench"},"created":"{{{date}}}","insurer":{"reference":"Organization/org-bench-payer"},"provider":{"reference":"Practitioner/pr-bench"},"priority":{"coding":[{"code":"normal"}]},"careTeam":[{"sequence":1,"provider":{"reference":"Practitioner/pr-bench"},"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claimcareteamrole","code":"primary"}]}}],"diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M17.11"}]}}],"insurance":[{"sequence":1,"focal":true,"coverage":{"display":"Bench plan"}}],"item":[{"sequence":1,"diagnosisSequence":[1],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"20610"}]},"servicedDate":"{{{date}}}","unitPrice":{"value":250,"currency":"USD"},"net":{"value":250,"currency":"USD"}}]}""";
        var response = $$$"""{"resourceType":"ClaimResponse","id":"cr-bench-20610","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p-bench"},"created":"{{{ServiceDate.AddDays(14):yyyy-MM-dd}}}","insurer":{"reference":"Organization/org-bench-payer"},"request":{"reference":"Claim/claim-bench-20610"},"outcome":"complete","item":[{"itemSequence":1,"adjudication":[{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"submitted"}]},"amount":{"value":250,"currency":"USD"}},{"category":{"coding":[{"system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator","code":"denialreason"}]},"reason":{"coding":[{"system":"https://x12.org/codes/claim-adjustment-group-codes","code":"CO"},{"system":"https://x12.org/codes/claim-adjustment-reason-codes","code":"50"}]},"amount":{"value":250,"currency":"USD"}},{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"benefit"}]},"amount":{"value":0,"currency":"USD"}}]}]}""";
        File.WriteAllLines(Path.Combine(directory, "Patient.ndjson"), [patient]);
        File.WriteAllLines(Path.Combine(directory, "Organization.ndjson"), [payer]);
        File.WriteAllLines(Path.Combine(directory, "Practitioner.ndjson"), [clinician]);
        File.WriteAllLines(Path.Combine(directory, "Claim.ndjson"), [claim]);
        File.WriteAllLines(Path.Combine(directory, "ClaimResponse.ndjson"), [response]);

        var random = new Random(20610);
        var notes = new List<string>(noteCount);
        for (var i = 0; i < noteCount; i++)
        {
            var day = ServiceDate.AddDays((i % 15) - 7);
            var text = new StringBuilder($"PROGRESS NOTE\nDate of service: {day:yyyy-MM-dd}\n\n");
            for (var s = 0; s < 40; s++)
            {
                text.Append(Sentences[random.Next(Sentences.Length)]).Append(s % 5 == 4 ? "\n\n" : " ");
            }

            var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString()));
            notes.Add(new JsonObject
            {
                ["resourceType"] = "DocumentReference",
                ["id"] = $"doc-bench-{i:D3}",
                ["status"] = "current",
                ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "11506-3", ["display"] = "Progress note" }) },
                ["subject"] = new JsonObject { ["reference"] = "Patient/p-bench" },
                ["date"] = $"{day:yyyy-MM-dd}T10:00:00Z",
                ["author"] = new JsonArray(new JsonObject { ["reference"] = "Practitioner/pr-bench" }),
                ["content"] = new JsonArray(new JsonObject { ["attachment"] = new JsonObject { ["contentType"] = "text/plain", ["data"] = data } }),
            }.ToJsonString());
        }

        File.WriteAllLines(Path.Combine(directory, "DocumentReference.ndjson"), notes);
    }
}
