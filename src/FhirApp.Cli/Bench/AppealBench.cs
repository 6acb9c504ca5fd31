using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench appeal [--notes 200] [--runs 10]`: packet assembly (retrieval + extraction + letter + PDF + FHIR
/// outputs) for a denied 20610 claim whose patient has N notes, all within the claim's note window (the worst case:
/// every note is indexed). Writes the patient's data as NDJSON and reads it back like `fhirapp appeal`, then times
/// <see cref="AppealService.Build"/> only. Last line: `packet_median_ms=&lt;number&gt;` (issue 6 goal: under 2 s).
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
        var notes = CliOptions.PositiveInt("--notes", "Notes of the claim's patient.", defaultValue: 200);
        var runs = CliOptions.PositiveInt("--runs", "Timed runs (the median counts).", defaultValue: 10);
        var command = new Command("appeal", "Time appeal packet assembly for a claim whose patient has N notes.") { notes, runs };
        command.SetAction(parseResult => Run(parseResult.GetValue(notes), parseResult.GetValue(runs), output, error));
        return command;
    }

    private static int Run(int noteCount, int runs, TextWriter output, TextWriter error)
    {
        if (!FhirAppCommandLine.TryLoadAppealContent(error, out var content))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var directory = Path.Combine(Path.GetTempPath(), $"fhirapp-bench-appeal-{Environment.ProcessId}");
        try
        {
            Write(directory, noteCount);
            var read = FhirResourceReader.ReadDirectory(directory);
            var context = new ClaimContextBuilder().Build(PatientRecord.Create(read.Resources), "claim-bench-20610")
                ?? throw new InvalidOperationException("The benchmark claim was not built.");
            var service = new AppealService(content, new FixedTimeProvider(ServiceDate.AddDays(20)));
            var watch = Stopwatch.StartNew();
            var first = service.Build(context);
            output.WriteLine(string.Create(c, $"Claim with {context.Notes.Count} notes in its window ({first.Evidence.NotesRead} read); first (cold) build {watch.Elapsed.TotalMilliseconds:F0} ms; PDF {first.Pdf.Length / 1024.0:F0} KiB; criteria found {first.Evidence.Sets.Sum(s => s.Criteria.Count(x => x.Found))} of {first.Evidence.Sets.Sum(s => s.Criteria.Count)}; {first.Unbacked.Count} unbacked; {Environment.ProcessorCount} cores"));
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
        var response = $$$"""{"resourceType":"ClaimResponse","id":"cr-bench-20610","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p-bench"},"created":"{{{ServiceDate.AddDays(14):yyyy-MM-dd}}}","insurer":{"reference":"Organization/org-bench-payer"},"request":{"reference":"Claim/claim-bench-20610"},"outcome":"complete","item":[{"itemSequence":1,"adjudication":[{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"submitted"}]},"amount":{"value":250,"currency":"USD"}},{"category":{"coding":[{"system":"http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator","code":"denialreason"}]},"reason":{"coding":[{"system":"https://x12.org/codes/claim-adjustment-group-codes","code":"CO"},{"system":"https://x12.org/codes/claim-adjustment-reason-codes","code":"197"}]},"amount":{"value":250,"currency":"USD"}},{"category":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/adjudication","code":"benefit"}]},"amount":{"value":0,"currency":"USD"}}]}]}""";
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
