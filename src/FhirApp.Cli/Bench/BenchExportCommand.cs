using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirApp.Cli.Export;
using FhirApp.Core.Claims.Sources;
using FhirApp.Core.Claims.Sources.Bulk;

namespace FhirApp.Cli.Bench;

/// <summary>
/// `fhirapp bench export --fhir-base URL --client-id ID --key PEM [export options]`: a benchmark, not a timed test.
/// Runs `fhirapp export` end to end over HTTP into a fresh temporary folder (kick-off, polls, downloads), then reads the
/// same files as scrub and train do (<see cref="FolderFhirSource"/>, parsed), and prints both rates in resources per
/// second with wall and CPU time. The last line is `export_vs_ingest_ratio=` (the goal: at least 1, the export keeping
/// up with reading what it wrote). The EHR needs the data and the client; see docs/cli.md.
/// </summary>
internal static class BenchExportCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider waits)
    {
        var keep = new Option<string?>("--out") { Description = "Folder to export into (emptied first); default: a temporary folder deleted afterwards." };
        var command = new Command("export", "Time a Bulk Data export over HTTP against reading the exported NDJSON (resources/s).") { keep };
        var connection = ExportConnection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            RunAsync(connection.SettingsFrom(parseResult), connection.Request(parseResult), parseResult.GetValue(keep), waits, output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        ExportConnection.Settings settings, BulkExportRequest request, string? keep, TimeProvider waits, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!ExportConnection.TryReadKey(settings, error, out var key))
        {
            return FhirAppCommandLine.Failed;
        }

        var c = CultureInfo.InvariantCulture;
        var folder = keep ?? Path.Combine(Path.GetTempPath(), $"fhirapp-bench-export-{Environment.ProcessId}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        try
        {
            using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            await using var services = ExportConnection.Services(settings, key, tokenHttp, waits);
            var client = ExportConnection.Client(services, settings, waits);

            var cpu = IngestFigures.CpuTime();
            var clock = Stopwatch.StartNew();
            var result = await BulkFolderExport.RunAsync(client, request, folder, _ => { }, waits, ct);
            var exportWall = clock.Elapsed;
            var exportCpu = IngestFigures.CpuTime() - cpu;
            var exported = result.ResourcesPerType.Values.Sum();
            var files = FhirFolderFiles.Enumerate(folder).ToList();
            output.WriteLine(string.Create(c,
                $"Export: {exported:N0} resources in {result.FilesWritten} files ({result.Bytes / 1048576.0:F1} MiB) in {exportWall.TotalSeconds:F2} s wall, {exportCpu.TotalSeconds:F2} s CPU here; {Environment.ProcessorCount} cores; load average {IngestFigures.LoadAverage()}"));

            GC.Collect();
            cpu = IngestFigures.CpuTime();
            clock.Restart();
            var read = 0L;
            var issues = 0;
            await foreach (var page in new FolderFhirSource([folder]).ReadPagesAsync(1000, ct))
            {
                read += page.Resources.Count;
                issues += page.Issues.Count;
            }
            var ingestWall = clock.Elapsed;
            var ingestCpu = IngestFigures.CpuTime() - cpu;
            output.WriteLine(string.Create(c,
                $"Ingest of the same files (FolderFhirSource, parsed): {read:N0} resources ({issues} issues) in {ingestWall.TotalSeconds:F2} s wall, {ingestCpu.TotalSeconds:F2} s CPU"));
            foreach (var line in IngestFigures.Lines("resource", (int)Math.Min(read, int.MaxValue), result.Bytes, ingestWall, ingestCpu, IngestFigures.RawReadBytesPerSecond(files)))
            {
                output.WriteLine(line);
            }

            var exportRate = exported / Math.Max(exportWall.TotalSeconds, 1e-6);
            var ingestRate = read / Math.Max(ingestWall.TotalSeconds, 1e-6);
            output.WriteLine(string.Create(c, $"export_resources_per_second={exportRate:F0}"));
            output.WriteLine(string.Create(c, $"ingest_resources_per_second={ingestRate:F0}"));
            output.WriteLine(string.Create(c, $"export_vs_ingest_ratio={exportRate / Math.Max(ingestRate, 1e-6):F3}"));
            return FhirAppCommandLine.Success;
        }
        catch (Exception ex) when (ex is BulkExportException or HttpRequestException or TimeoutException or IOException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"The export did not finish: {ex.Message}");
            return FhirAppCommandLine.Failed;
        }
        finally
        {
            if (keep is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
