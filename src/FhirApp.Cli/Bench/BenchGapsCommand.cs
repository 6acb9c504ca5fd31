using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Cli.Scoring;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench gaps [--seeds 1,2,3] [--patients N]`: the risk model's quality bar across practices, not one. For each
/// payer rule table (the shipped one, and the same payers with their auth, coverage, documentation and filing-limit
/// rules rotated among them) and each seed: simulate a practice, train on its history, score its future claims, and
/// print the AUC gap to the simulator's oracle overall and per payer, and the reason model's top-1 hit rate.
/// The last line is `max_auc_gap=&lt;number&gt;` (the bar: 0.03). With --randomized it measures practices the project did not
/// design instead (<see cref="RandomizedGaps"/>): --patients may then list several sizes.
/// </summary>
internal static class BenchGapsCommand
{
    /// <summary>The policy elements that differ between the rule tables; member-id formats stay with their payer.</summary>
    private static readonly string[] RotatedRules =
        ["filingLimitDays", "filingLimitClause", "authRequired", "coverageLists", "documentationRequired"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated simulator seeds.", DefaultValueFactory = _ => "1,2,3" };
        var patients = new Option<string>("--patients") { Description = "Patients per simulated practice (with --randomized, comma-separated sizes).", DefaultValueFactory = _ => "500" };
        var randomized = new Option<bool>("--randomized") { Description = "Randomized practices (payers, codes and mechanisms drawn from the seed) and the default one: AUC, precision at 80% recall and Brier against the oracle, top reason per mechanism." };
        var noDefault = new Option<bool>("--no-default") { Description = "With --randomized, skip the default practice." };
        var content = CliOptions.Content();
        var command = new Command("gaps", "AUC gap to the simulator's oracle, per payer, across seeds and payer rule tables (or randomized practices).") { seeds, patients, randomized, noDefault, content };
        command.SetAction(parseResult => Run(parseResult.GetValue(seeds)!, parseResult.GetValue(patients)!, parseResult.GetValue(randomized), parseResult.GetValue(noDefault), parseResult.GetValue(content), output, error));
        return command;
    }

    private static int Run(string seedList, string patientList, bool randomized, bool noDefault, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!TryParseSeeds(seedList, out var seeds))
        {
            error.WriteLine($"--seeds must be comma-separated integers, not '{seedList}'.");
            return FhirAppCommandLine.BadArguments;
        }
        if (!TryParseSeeds(patientList, out var sizes) || sizes.Exists(s => s <= 0) || (!randomized && sizes.Count != 1))
        {
            error.WriteLine($"--patients must be a positive integer (with --randomized, comma-separated ones), not '{patientList}'.");
            return FhirAppCommandLine.BadArguments;
        }
        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var shipped))
        {
            return FhirAppCommandLine.Failed;
        }

        var work = Directory.CreateTempSubdirectory("fhirapp-bench-gaps-");
        var patients = sizes[0];
        try
        {
            if (randomized)
            {
                return RandomizedGaps.Run(seeds, sizes, !noDefault, shipped, work.FullName, output);
            }

            var rotatedDirectory = RotatePayerRules(contentDirectory ?? RuleBookLoader.DefaultDirectory, Path.Combine(work.FullName, "rotated-content"));
            var tables = new[] { ("shipped", shipped), ("rotated", RuleBookLoader.Load(rotatedDirectory)) };
            var c = CultureInfo.InvariantCulture;
            var maxGap = double.MinValue;
            output.WriteLine($"{"rules",-8} {"seed",4} {"group",-30} {"claims",6} {"denied",6} {"AUC",6} {"oracle",6} {"gap",6}");
            foreach (var (table, rules) in tables)
            {
                foreach (var seed in seeds)
                {
                    var directory = Path.Combine(work.FullName, $"{table}-{seed}");
                    var practice = PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = patients, Months = 12, Seed = seed }, rules);
                    practice.Write(directory);
                    var history = Path.Combine(directory, "history");
                    ScoringBatch.Train(history, rules, Path.Combine(directory, "model"));
                    var model = DenialRiskModel.Load(Path.Combine(directory, "model"), rules);
                    var (scores, report) = ScoringBatch.Score(Path.Combine(directory, "future"), history, model, rules);
                    var t = TruthComparison.Of(Path.Combine(directory, "truth.csv"), scores, report.PayerOfClaim);
                    foreach (var group in t.PerPayer.Prepend(t.Overall))
                    {
                        output.WriteLine(string.Create(c, $"{table,-8} {seed,4} {group.Name,-30} {group.Claims,6} {group.Denied,6} {group.ModelAuc,6:0.000} {group.OracleAuc,6:0.000} {group.Gap,6:0.000}"));
                    }
                    output.WriteLine(string.Create(c, $"{table,-8} {seed,4} reason top-1 on denied future claims: {t.ReasonTop1:P1}; trainer {model.Card.Trainer ?? "cold start"}"));
                    maxGap = Math.Max(maxGap, t.Overall.Gap);
                }
            }

            output.WriteLine(string.Create(c, $"max_auc_gap={maxGap:0.000}"));
            return FhirAppCommandLine.Success;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static bool TryParseSeeds(string text, out List<int> seeds)
    {
        seeds = [];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            {
                return false;
            }
            seeds.Add(seed);
        }
        return seeds.Count > 0;
    }

    /// <summary>
    /// A copy of the content folder whose payers keep their ids, names and member-id formats but take the next payer's
    /// rules (in file-name order): the same practice mechanics under a different payer rule table.
    /// </summary>
    internal static string RotatePayerRules(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var payers = Directory.GetFiles(Path.Combine(target, "payers"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Json: JsonNode.Parse(File.ReadAllText(f), documentOptions: options)!.AsObject())).ToList();
        var latest = payers.Select(p => p.Json["versions"]!.AsArray().Select(v => v!.AsObject())
            .MaxBy(v => (string?)v["effective"], StringComparer.Ordinal)!.DeepClone()).ToList(); // copies: the loop below edits the originals
        for (var i = 0; i < payers.Count; i++)
        {
            var from = latest[(i + 1) % payers.Count];
            foreach (var version in payers[i].Json["versions"]!.AsArray().Select(v => v!.AsObject()))
            {
                foreach (var key in RotatedRules)
                {
                    version.Remove(key);
                    if (from[key] is { } value)
                    {
                        version[key] = value.DeepClone();
                    }
                }
            }
        }
        foreach (var (file, json) in payers)
        {
            File.WriteAllText(file, json.ToJsonString());
        }
        return target;
    }
}
