using System.CommandLine;
using FhirApp.Cli.Appeal;
using FhirApp.Cli.Bench;
using FhirApp.Cli.Denials;
using FhirApp.Cli.Scoring;
using FhirApp.Cli.Scrub;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli;

/// <summary>
/// The `fhirapp` command tree. Runs in-process with any writers, so tests drive it exactly as the shell does.
/// Exit codes: 0 success (findings are not failures), 1 the work could not be done (missing folder, bad content), 2 bad arguments.
/// </summary>
public static class FhirAppCommandLine
{
    public const int Success = 0;

    public const int Failed = 1;

    /// <summary>Loads the scrubbing content (payer policies, code tables); a bad file is reported on <paramref name="error"/>.</summary>
    internal static bool TryLoadRules(string? contentDirectory, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RuleBook? rules)
    {
        try
        {
            rules = RuleBookLoader.Load(contentDirectory);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            rules = null;
            return false;
        }
    }

    /// <summary>
    /// The appeal service over the appeal content beside the binaries, the scrubbing content (payer windows, NCCI table)
    /// of <paramref name="contentDirectory"/> and the denial cause table; the reason on error when a file cannot be read.
    /// </summary>
    internal static bool TryCreateAppealService(string? contentDirectory, TimeProvider clock, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FhirApp.Core.Appeals.AppealService? service)
    {
        service = null;
        if (!TryLoadRules(contentDirectory, error, out var rules))
        {
            return false;
        }

        try
        {
            service = FhirApp.Core.Appeals.AppealService.Create(FhirApp.Core.Appeals.AppealContent.Load(), rules, FhirApp.Core.Denials.DenialCauseTable.Load(), clock);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return false;
        }
    }

    public const int BadArguments = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter? error = null, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, TimeProvider.System, cancellationToken);

    /// <param name="waits">The clock long waits go by (Bulk export polls and retries); tests give a fake one.</param>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter? error, TimeProvider waits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        error ??= output;
        var root = new RootCommand("FhirApp: pre-submission claim scrubbing and denial prevention over FHIR data.")
        {
            ScrubCommand.Create(output, error),
            DenialsCommand.Create(output, error),
            BenchCommand.Create(output, error, waits),
            AppealCommand.Create(output, error),
            SynthCommand.Create(output, error),
            TrainCommand.Create(output, error),
            Scoring.ScoreCommand.Create(output, error),
            Remittance.Import835Command.Create(output, error),
            Corrections.CorrectedClaimCommand.Create(output, error),
            Rules.RulesCommand.Create(output, error),
            Export.ExportCommand.Create(output, error, waits),
        };
        var parsed = root.Parse(args);
        // System.CommandLine exits 1 on parse errors; 2 keeps "you typed it wrong" apart from "it did not work".
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'fhirapp --help' for usage.");
            return BadArguments;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
