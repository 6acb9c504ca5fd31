using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Documentation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Appeal;

/// <summary>
/// `fhirapp appeal --claims DIR --claim ID --out DIR [--today YYYY-MM-DD]`: one claim's appeal packet (letter.html,
/// letter.pdf, evidence.json, packet.json, submit-attachment.json), plus addendum-requests.json (a Bundle of Tasks for
/// the rendering clinician) when criteria are missing. With no usable evidence at all it writes no letter, only the requests.
/// </summary>
internal static class AppealCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims") { Description = "Folder of FHIR Bulk NDJSON and/or Bundle / resource JSON files.", Required = true };
        var claim = new Option<string>("--claim") { Description = "Id of the Claim to appeal.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder to write letter.html, letter.pdf, evidence.json, packet.json, submit-attachment.json and addendum-requests.json.", Required = true };
        var today = CliOptions.Today();
        var command = new Command("appeal", "Build the appeal packet for one claim: evidence from its notes, letter (HTML, PDF), DocumentReference, CDex Parameters.")
        {
            claims, claim, outDir, today,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(claims)!, parseResult.GetValue(claim)!, parseResult.GetValue(outDir)!, parseResult.GetValue(today), output, error));
        return command;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Indented for a reviewer reading the files; the content is Firely's serialization unchanged.
    private static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);

    private static int Run(string directory, string claimId, string outDir, DateOnly? today, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"Claims folder '{directory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (!FhirAppCommandLine.TryLoadAppealContent(error, out var content))
        {
            return FhirAppCommandLine.Failed;
        }

        var read = FhirResourceReader.ReadDirectory(directory);
        var builder = new ClaimContextBuilder();
        var context = PatientRecordGrouper.Group(read.Resources).Select(r => builder.Build(r, claimId)).FirstOrDefault(c => c is not null);
        if (context is null)
        {
            error.WriteLine($"Claim '{claimId}' is not in '{directory}'.");
            return FhirAppCommandLine.Failed;
        }

        TimeProvider clock = today is { } day ? new FixedTimeProvider(day) : TimeProvider.System;
        var packet = new AppealService(content, clock).Build(context);
        Directory.CreateDirectory(outDir);
        var criteria = packet.Evidence.Sets.SelectMany(set => set.Criteria).ToList();
        var noEvidence = criteria.Count > 0 && criteria.All(x => !x.Found);
        if (!noEvidence)
        {
            File.WriteAllText(Path.Combine(outDir, "letter.html"), packet.Html);
            File.WriteAllBytes(Path.Combine(outDir, "letter.pdf"), packet.Pdf);
            File.WriteAllText(Path.Combine(outDir, "packet.json"), Pretty(packet.Document.ToJson()));
            File.WriteAllText(Path.Combine(outDir, "submit-attachment.json"), Pretty(packet.SubmitAttachment.ToJson()));
        }

        File.WriteAllText(Path.Combine(outDir, "evidence.json"), JsonSerializer.Serialize(
            packet.Evidence.Sets.SelectMany(set => set.Criteria.Select(x => new
            {
                set = set.Set.Id,
                lines = set.Lines,
                criterion = x.Criterion.Id,
                text = x.Criterion.Text,
                found = x.Found,
                evidence = x.Evidence.Select(e => new { quote = e.Quote, document_id = e.DocumentId, date = e.Date, author = e.Author }),
            })),
            Indented));
        var requests = AddendumTasks(context, packet, clock);
        if (requests is not null)
        {
            File.WriteAllText(Path.Combine(outDir, "addendum-requests.json"), Pretty(requests.ToJson()));
        }

        output.WriteLine($"Claim {packet.ClaimId}: {packet.Evidence.NotesRead} note(s) read, {packet.Evidence.NotesUnread} unread; appeal content {content.Version}.");
        if (packet.Evidence.Sets.Count == 0)
        {
            output.WriteLine("No criteria apply to this claim's denied lines.");
        }

        foreach (var set in packet.Evidence.Sets)
        {
            output.WriteLine($"{set.Set.Title} (line {string.Join(", ", set.Lines)})");
            foreach (var criterion in set.Criteria)
            {
                output.WriteLine($"  [{(criterion.Found ? "found" : "MISSING")}] {criterion.Criterion.Id}: {criterion.Criterion.Text}");
                foreach (var item in criterion.Evidence)
                {
                    output.WriteLine($"      \"{item.Quote}\" ({item.DocumentId}{(item.Date is { } d ? $", {d:yyyy-MM-dd}" : "")})");
                }
            }
        }

        if (packet.Letter.AppealLevel is { } level)
        {
            output.WriteLine($"Appeal level: {level}{(packet.Letter.AppealDeadline is { } due ? $"; due {due}" : "")}");
        }

        if (noEvidence)
        {
            output.WriteLine($"No usable evidence: none of the {criteria.Count} criteria is in the chart, so no letter was written.");
        }

        if (requests is not null)
        {
            output.WriteLine($"Addendum request(s) for the rendering clinician: {requests.Entry.Count} (addendum-requests.json).");
        }
        else if (packet.Evidence.Missing.Count > 0)
        {
            output.WriteLine("The claim names no rendering clinician: no addendum request could be addressed.");
        }

        output.WriteLine(packet.Unbacked.Count == 0
            ? "Backing check: every clinical sentence is backed."
            : $"Backing check FAILED: {packet.Unbacked.Count} sentence(s) without backing.");
        output.WriteLine($"Packet written to {Path.GetFullPath(outDir)}");
        return packet.Unbacked.Count == 0 ? FhirAppCommandLine.Success : FhirAppCommandLine.Failed;
    }

    /// <summary>One Task per missing criterion, as a collection Bundle; null when nothing is missing or nobody can be asked.</summary>
    private static Bundle? AddendumTasks(ClaimContext context, AppealPacket packet, TimeProvider clock)
    {
        var detail = ClaimDisplayMapper.ToDetail(context);
        if (packet.Evidence.Missing.Count == 0 || detail.RenderingProvider?.Reference is null)
        {
            return null;
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var set in packet.Evidence.Sets)
        {
            foreach (var missing in set.Criteria.Where(x => !x.Found))
            {
                bundle.Entry.Add(new Bundle.EntryComponent { Resource = AddendumRequests.NewTask(context, detail, missing.Criterion, set.Lines[0], null, clock.GetUtcNow()) });
            }
        }

        return bundle;
    }
}
