using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scoring;

/// <summary>
/// `fhirapp synth --out DIR --patients N --months M --seed S [--payer-mix acme=0.4,…] [--specialty mixed|orthopedics|behavioral-health]
/// [--today YYYY-MM-DD] [--content DIR] [--randomized]`: a simulated practice for training and testing the denial-risk model;
/// --randomized draws payers, codes and denial mechanisms from the seed and writes mechanisms.json and causes.csv.
/// </summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write history/, future/ and truth.csv into.", Required = true };
        var patients = CliOptions.PositiveInt("--patients", "Patients in the practice.", 500);
        var months = CliOptions.PositiveInt("--months", "Months of dates of service before --today.", 12);
        var seed = new Option<int>("--seed") { Description = "Simulator seed (same seed and content, same bytes).", DefaultValueFactory = _ => 1 };
        var mix = new Option<IReadOnlyDictionary<string, double>?>("--payer-mix")
        {
            Description = "Payer weights, e.g. acme=0.4,bluepeak=0.3,medicare=0.2,summit=0.1 (ids with or without 'org-payer-').",
            CustomParser = result =>
            {
                try
                {
                    return PracticeSimulator.ParsePayerMix(result.Tokens.Count > 0 ? result.Tokens[0].Value : "");
                }
                catch (FormatException ex)
                {
                    result.AddError($"--payer-mix: {ex.Message}");
                    return null;
                }
            },
        };
        var specialty = new Option<string>("--specialty")
        {
            Description = "mixed, orthopedics or behavioral-health.",
            DefaultValueFactory = _ => "mixed",
        };
        specialty.AcceptOnlyFromAmong("mixed", "orthopedics", "behavioral-health");
        var today = CliOptions.Today();
        today.Description = "The export day (YYYY-MM-DD): adjudicated claims before it are history; default 2026-12-31.";
        var content = CliOptions.Content();
        var randomized = new Option<bool>("--randomized")
        {
            Description = "A practice never seen: payer names, codes, each payer's denial mechanisms and their parameters drawn from the seed; writes mechanisms.json and causes.csv too.",
        };
        var command = new Command("synth", "Simulate a practice: adjudicated history, future claims and the truth about every claim.")
        {
            outDir, patients, months, seed, mix, specialty, today, content, randomized,
        };
        command.SetAction(parseResult =>
        {
            var options = new PracticeSimulatorOptions
            {
                Patients = parseResult.GetValue(patients),
                Months = parseResult.GetValue(months),
                Seed = parseResult.GetValue(seed),
                PayerMix = parseResult.GetValue(mix),
                Specialty = parseResult.GetValue(specialty) switch
                {
                    "orthopedics" => PracticeSpecialty.Orthopedics,
                    "behavioral-health" => PracticeSpecialty.BehavioralHealth,
                    _ => PracticeSpecialty.Mixed,
                },
                Today = parseResult.GetValue(today) ?? new DateOnly(2026, 12, 31),
                Randomized = parseResult.GetValue(randomized),
            };
            return Run(options, parseResult.GetValue(outDir)!, parseResult.GetValue(content), output, error);
        });
        return command;
    }

    private static int Run(PracticeSimulatorOptions options, string outDir, string? contentDirectory, TextWriter output, TextWriter error)
    {
        if (!FhirAppCommandLine.TryLoadRules(contentDirectory, error, out var rules))
        {
            return FhirAppCommandLine.Failed;
        }

        var clock = Stopwatch.StartNew();
        var practice = PracticeSimulator.Simulate(options, rules);
        try
        {
            practice.Write(outDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write '{outDir}': {ex.Message}");
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var history = practice.Truth.Where(t => !t.Future).ToList();
        var future = practice.Truth.Where(t => t.Future).ToList();
        var rate = history.Count == 0 ? 0 : history.Count(t => t.Denied) / (double)history.Count;
        output.WriteLine(string.Create(c, $"Patients {options.Patients}, months {options.Months}, seed {options.Seed}, today {options.Today:yyyy-MM-dd}."));
        output.WriteLine(string.Create(c, $"History: {history.Count} adjudicated claims, first-pass denial rate {rate:P1}."));
        output.WriteLine(string.Create(c, $"Future:  {future.Count} claims not yet submitted (true mean denial probability {(future.Count == 0 ? 0 : future.Average(t => t.Probability)):P1})."));
        foreach (var group in history.Where(t => t.Denied).GroupBy(t => t.Category).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(c, $"  {group.Key,-20} {group.Count(),6}"));
        }

        if (practice.Mechanisms is { } mechanisms)
        {
            var visible = history.Count(t => t.Denied && t.Visible == true);
            output.WriteLine(string.Create(c, $"Randomized: {mechanisms.Select(m => m.PayerId).Distinct().Count()} payers, {mechanisms.Count} payer mechanisms (mechanisms.json); {visible} of {history.Count(t => t.Denied)} history denials with a visible cause (causes.csv)."));
        }

        output.WriteLine(string.Create(c, $"Written to {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:0.0} s."));
        return FhirAppCommandLine.Success;
    }
}
