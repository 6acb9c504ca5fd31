using Spectre.Console;

namespace FhirApp.Cli.Scrub;

/// <summary>A Spectre.Console progress bar for reading and scrubbing; used only when stdout is a terminal.</summary>
internal sealed class SpectreBatchProgress(ProgressContext context) : IBatchProgress
{
    private readonly ProgressTask _read = context.AddTask("Reading FHIR files");
    private readonly ProgressTask _scrub = context.AddTask("Scrubbing claims", autoStart: false);

    /// <summary>Whether a progress bar makes sense: a real terminal, and enough input to be worth watching.</summary>
    public static bool ShouldShow(TextWriter output, string directory) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && FhirApp.Core.Claims.Sources.FhirFolderFiles.Enumerate(directory).Sum(f => new FileInfo(f).Length) > 4_000_000;

    public void Read(long bytesDone, long bytesTotal)
    {
        _read.MaxValue = Math.Max(1, bytesTotal);
        _read.Value = bytesDone;
    }

    public void Scrubbed(int claimsDone, int claimsTotal)
    {
        if (!_scrub.IsStarted)
        {
            _read.Value = _read.MaxValue;
            _scrub.StartTask();
        }

        _scrub.MaxValue = Math.Max(1, claimsTotal);
        // Redrawing on every claim would cost more than scrubbing it.
        if (claimsDone % 256 == 0 || claimsDone == claimsTotal)
        {
            _scrub.Value = claimsDone;
        }
    }
}
