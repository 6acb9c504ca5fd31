using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Documentation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Cli.Appeal;

/// <summary>
/// `fhirapp appeal --claims DIR --claim ID --out DIR [--level N] [--prior-decision YYYY-MM-DD] [--today YYYY-MM-DD]`: one
/// claim's appeal. First a decision per denied line (decisions.json), with the evidence (evidence.json); then, only when
/// a line is contested with an argument and none waits for the clinician, the letter (letter.html, letter.pdf) and its
/// FHIR outputs (packet.json, submit-attachment.json). Lines that wait for the clinician get addendum-requests.json (a
/// Bundle of Tasks). Never a letter without an argument per line: otherwise the decision is said plainly.
/// </summary>
internal static class AppealCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var claims = new Option<string>("--claims") { Description = "Folder of FHIR Bulk NDJSON and/or Bundle / resource JSON files.", Required = true };
        var claim = new Option<string>("--claim") { Description = "Id of the Claim to appeal.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder to write decisions.json, evidence.json and, when there is a letter, letter.html, letter.pdf, packet.json, submit-attachment.json; addendum-requests.json when the clinician is asked.", Required = true };
        var level = new Option<int>("--level") { Description = "Appeal level, 1 for the first (a later level needs --prior-decision).", DefaultValueFactory = _ => 1 };
        level.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--level starts at 1.");
            }
        });
        var prior = new Option<DateOnly?>("--prior-decision") { Description = "For a later level: the date of the prior level's decision (YYYY-MM-DD)." };
        var today = CliOptions.Today();
        var content = CliOptions.Content();
        var command = new Command("appeal", "Decide each denied line of one claim, and build its appeal letter (HTML, PDF), DocumentReference and CDex Parameters when one is due.")
        {
            claims, claim, outDir, level, prior, today, content,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(claims)!, parseResult.GetValue(claim)!, parseResult.GetValue(outDir)!, parseResult.GetValue(level),
            parseResult.GetValue(prior), parseResult.GetValue(today), parseResult.GetValue(content), output, error));
        return command;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Indented for a reviewer reading the files; the content is Firely's serialization unchanged.
    private static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);

    private static int Run(string directory, string claimId, string outDir, int level, DateOnly? prior, DateOnly? today, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"Claims folder '{directory}' does not exist.");
            return FhirAppCommandLine.Failed;
        }

        if (level > 1 && prior is null)
        {
            error.WriteLine("A later level counts its window from the prior level's decision: give --prior-decision.");
            return FhirAppCommandLine.BadArguments;
        }

        TimeProvider clock = today is { } day ? new FixedTimeProvider(day) : TimeProvider.System;
        if (!FhirAppCommandLine.TryCreateAppealService(contentDirectory, clock, error, out var service))
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

        var packet = service.Build(context, new AppealRequest { Level = level - 1, PriorDecision = prior });
        Directory.CreateDirectory(outDir);
        foreach (var stale in new[] { "letter.html", "letter.pdf", "packet.json", "submit-attachment.json", "addendum-requests.json" })
        {
            File.Delete(Path.Combine(outDir, stale)); // a rerun that writes no letter must not leave an old one behind
        }

        File.WriteAllText(Path.Combine(outDir, "decisions.json"), JsonSerializer.Serialize(packet.Decisions.Select(d => new
        {
            line = d.Line,
            billed = d.Billed,
            reason = d.Reason,
            mechanism = DenialNames.Of(d.Mechanism),
            action = AppealWorkflow.Action(d.Action),
            why = d.Why,
            adjustment_reason = d.AdjustmentReason,
            amount = d.Amount,
            expected_value = d.ExpectedValue,
            deadline = d.Deadline?.Date,
            deadline_level = d.Deadline?.Level,
        }), Indented));
        File.WriteAllText(Path.Combine(outDir, "evidence.json"), JsonSerializer.Serialize(
            packet.Evidence.Lines.SelectMany(l => l.Sets.SelectMany(set => set.Criteria.Select(x => new
            {
                line = l.Line,
                set = set.Set.Id,
                criterion = x.Criterion.Id,
                text = x.Criterion.Text,
                found = x.Found,
                contradicted = x.Contradicted,
                evidence = x.Evidence.Select(e => new { kind = e.Kind.ToString().ToLowerInvariant(), text = e.Text, source = e.Source, date = e.Date, author = e.Author }),
            }))),
            Indented));

        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"Claim {packet.AccountNumber ?? claimId}: {packet.Evidence.NotesRead} note(s) read, {packet.Evidence.NotesUnread} unread; appeal content {service.Content.Version}.");
        if (packet.LevelName.Length > 0)
        {
            output.WriteLine(string.Create(c, $"Level {packet.Level + 1}: {packet.LevelName}{(packet.Deadline is { } due ? $", due {due.Date:yyyy-MM-dd} ({due.Clause})" : "")}."));
        }

        foreach (var d in packet.Decisions)
        {
            output.WriteLine(string.Create(c, $"Line {d.Line} ({d.Billed}, {d.Reason}): {AppealWorkflow.Action(d.Action)}. {d.Why}"));
            foreach (var set in d.Evidence?.Sets ?? [])
            {
                output.WriteLine($"  {set.Set.Title}");
                foreach (var criterion in set.Criteria)
                {
                    var state = criterion.Found ? "found" : criterion.Contradicted ? "AGAINST" : criterion.Criterion.Optional ? "optional" : "MISSING";
                    output.WriteLine($"    [{state}] {criterion.Criterion.Id}: {criterion.Criterion.Text}");
                    foreach (var item in criterion.Evidence)
                    {
                        output.WriteLine(item.Kind == EvidenceKind.Quote ? $"        \"{item.Text}\" ({item.DocumentId}{(item.Date is { } date ? $", {date:yyyy-MM-dd}" : "")})" : $"        {item.Text}");
                    }
                }
            }
        }

        var requests = AddendumTasks(context, packet, clock);
        if (requests is not null)
        {
            File.WriteAllText(Path.Combine(outDir, "addendum-requests.json"), Pretty(requests.ToJson()));
            output.WriteLine($"Addendum request(s) for the rendering clinician: {requests.Entry.Count} (addendum-requests.json).");
        }

        if (packet.NoLetter is { } why)
        {
            output.WriteLine(why);
            output.WriteLine($"Decisions written to {Path.GetFullPath(outDir)}");
            return FhirAppCommandLine.Success;
        }

        File.WriteAllText(Path.Combine(outDir, "letter.html"), packet.Html);
        File.WriteAllBytes(Path.Combine(outDir, "letter.pdf"), packet.Pdf!);
        File.WriteAllText(Path.Combine(outDir, "packet.json"), Pretty(packet.Document!.ToJson()));
        File.WriteAllText(Path.Combine(outDir, "submit-attachment.json"), Pretty(packet.SubmitAttachment!.ToJson()));
        var argued = packet.Letter!.AppealedLines ?? packet.Letter.RetroLines ?? "";
        output.WriteLine($"Letter: {packet.Letter.Title}, arguing line{(argued.Contains(" and ", StringComparison.Ordinal) ? "s" : "")} {argued}.");
        output.WriteLine(packet.Unbacked.Count == 0
            ? "Backing check: every clinical sentence is backed."
            : $"Backing check FAILED: {packet.Unbacked.Count} sentence(s) without backing.");
        output.WriteLine($"Packet written to {Path.GetFullPath(outDir)}");
        return packet.Unbacked.Count == 0 ? FhirAppCommandLine.Success : FhirAppCommandLine.Failed;
    }

    /// <summary>One Task per question to ask, as a collection Bundle; null when nobody is asked or nobody can be.</summary>
    private static Bundle? AddendumTasks(ClaimContext context, AppealPacket packet, TimeProvider clock)
    {
        var detail = ClaimDisplayMapper.ToDetail(context);
        var asks = packet.Decisions.Where(d => d.ToAsk.Count > 0).ToList();
        if (asks.Count == 0 || detail.RenderingProvider?.Reference is null)
        {
            return null;
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var decision in asks)
        {
            foreach (var criterion in decision.ToAsk)
            {
                bundle.Entry.Add(new Bundle.EntryComponent { Resource = AddendumRequests.NewTask(context, detail, criterion, decision.Line, null, clock.GetUtcNow()) });
            }
        }

        return bundle;
    }
}
