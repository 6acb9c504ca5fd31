using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Appeal;

/// <summary>`fhirapp appeal --claims DIR --claim ID --out DIR [--today YYYY-MM-DD]`: one claim's appeal packet.</summary>
internal static class AppealCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims") { Description = "Folder of FHIR Bulk NDJSON and/or Bundle / resource JSON files.", Required = true };
        var claim = new Option<string>("--claim") { Description = "Id of the Claim to appeal.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder to write letter.html, letter.pdf, packet.json and submit-attachment.json.", Required = true };
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

        AppealContent content;
        try
        {
            content = AppealContent.Load();
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
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
        File.WriteAllText(Path.Combine(outDir, "letter.html"), packet.Html);
        File.WriteAllBytes(Path.Combine(outDir, "letter.pdf"), packet.Pdf);
        File.WriteAllText(Path.Combine(outDir, "packet.json"), Pretty(packet.Document.ToJson()));
        File.WriteAllText(Path.Combine(outDir, "submit-attachment.json"), Pretty(packet.SubmitAttachment.ToJson()));

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

        output.WriteLine(packet.Unbacked.Count == 0
            ? "Backing check: every clinical sentence is backed."
            : $"Backing check FAILED: {packet.Unbacked.Count} sentence(s) without backing.");
        output.WriteLine($"Packet written to {Path.GetFullPath(outDir)}");
        return packet.Unbacked.Count == 0 ? FhirAppCommandLine.Success : FhirAppCommandLine.Failed;
    }
}
