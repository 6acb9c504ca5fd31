using System.Globalization;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// A practice's own history, exported from its EHR into a folder a <see cref="FolderFhirSource"/> reads (what training
/// and rule mining take): kick-off, wait, every output file streamed to disk, the job deleted. Files land in a staging
/// folder that replaces the history folder only once complete, so a crash never leaves half a history behind.
/// </summary>
public static class BulkHistoryExport
{
    /// <summary>What training reads: claims and their adjudications, the patients, coverage, payers and providers they reference.</summary>
    public static readonly IReadOnlyList<string> HistoryTypes =
        ["Patient", "Coverage", "Organization", "Practitioner", "Claim", "ClaimResponse", "ExplanationOfBenefit"];

    public static async Task<BulkHistoryResult> ExportAsync(BulkExportClient client, BulkExportRequest request, string outDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(outDirectory);
        var full = Path.GetFullPath(outDirectory);
        var staging = $"{full}.part-{Guid.NewGuid():N}";
        var status = await client.KickOffAsync(request, ct);
        try
        {
            var manifest = await client.WaitAsync(status, _ => Task.CompletedTask, ct);
            Directory.CreateDirectory(staging);
            long bytes = 0;
            var perType = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in manifest.Output)
            {
                var n = perType[file.Type] = perType.GetValueOrDefault(file.Type) + 1;
                bytes += await client.DownloadAsync(file.Url, Path.Combine(staging, string.Create(CultureInfo.InvariantCulture, $"{file.Type}-{n}.ndjson")), ct);
            }

            var errors = 0;
            foreach (var error in manifest.Error)
            {
                var path = Path.Combine(Path.GetTempPath(), $"fhirapp-history-errors-{Guid.NewGuid():N}.ndjson");
                await client.DownloadAsync(error.Url, path, ct);
                errors += BulkExportClient.ReadErrors(path).Count();
                File.Delete(path);
            }

            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(staging, full);
            return new BulkHistoryResult(manifest.Output.Count, bytes, errors, manifest.TransactionTime);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
            await client.DeleteAsync(status, CancellationToken.None);
        }
    }
}
