using System.CommandLine;
using System.Globalization;
using FhirApp.Core.Claims.Sources.Bulk;

namespace FhirApp.Cli.Export;

/// <summary>
/// `fhirapp export --fhir-base URL --client-id ID --key PEM [--group ID | --system] [--since DATE] [--type T,…] --out DIR`:
/// a FHIR Bulk Data $export as a SMART Backend Services client, its NDJSON files written to DIR for `fhirapp scrub
/// --claims DIR` and `fhirapp train --history DIR`. Resumable: run the same command again after a crash or Ctrl+C and it
/// follows the same export (state in DIR/.fhirapp-export.json). The protocol is Core's <see cref="BulkExportClient"/>
/// over the Refit <see cref="IBulkDataApi"/>, with retries of 429 / 5xx that honour Retry-After as in the app.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error, TimeProvider waits)
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write the NDJSON files (and the export's state) into.", Required = true };
        var command = new Command("export", "Export claims history from an EHR over FHIR Bulk Data ($export) into NDJSON files; resumable.") { outDir };
        var connection = ExportConnection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            RunAsync(connection.SettingsFrom(parseResult), connection.Request(parseResult), parseResult.GetValue(outDir)!, waits, output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        ExportConnection.Settings settings, BulkExportRequest request, string outDir, TimeProvider waits, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!ExportConnection.TryReadKey(settings, error, out var key))
        {
            return FhirAppCommandLine.Failed;
        }

        using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        await using var services = ExportConnection.Services(settings, key, tokenHttp, waits);
        var client = ExportConnection.Client(services, settings, waits);
        var c = CultureInfo.InvariantCulture;
        try
        {
            var result = await BulkFolderExport.RunAsync(client, request, outDir, line => output.WriteLine(line), waits, ct);
            foreach (var (type, count) in result.ResourcesPerType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                await output.WriteLineAsync(string.Create(c, $"  {type,-22} {count,10:N0}"));
            }
            await output.WriteLineAsync(string.Create(c,
                $"Exported {result.ResourcesPerType.Values.Sum():N0} resources into {Path.GetFullPath(outDir)}: {result.FilesWritten} files written ({result.Bytes:N0} bytes){(result.FilesKept > 0 ? $", {result.FilesKept} kept from the interrupted run" : "")}."));
            if (result.Errors > 0)
            {
                await output.WriteLineAsync(string.Create(c, $"The EHR could not export {result.Errors:N0} records (its error files are in {BulkFolderExportState.WorkFolder}/)."));
            }
            await output.WriteLineAsync(string.Create(c, $"transactionTime={result.TransactionTime.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} (give it as --since next time for what changed after)"));
            return FhirAppCommandLine.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted. Run the same command again to resume the export.");
            return FhirAppCommandLine.Failed;
        }
        catch (Exception ex) when (ex is BulkExportException or HttpRequestException or TimeoutException or TaskCanceledException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Messages name status codes and limits, never resource content or tokens.
            await error.WriteLineAsync($"The export did not finish: {ex.Message} Run the same command again to resume it.");
            return FhirAppCommandLine.Failed;
        }
    }
}
