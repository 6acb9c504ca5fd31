using System.Globalization;
using System.Text.Json;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// A Bulk Data export into a folder that a <see cref="FolderFhirSource"/> (scrub, train) reads, resumable: the state
/// (<see cref="BulkFolderExportState"/>) is written to the folder before each step, so a run after a crash follows the
/// same export: it polls the stored status URL instead of kicking off again, and skips the files already written.
/// A file is downloaded into the hidden work folder and moved into place only once complete, so what the readers see
/// is always whole. A job or file URL the EHR no longer has (expired, deleted) leads to one fresh kick-off.
/// </summary>
public static class BulkFolderExport
{
    public static async Task<BulkFolderExportResult> RunAsync(
        BulkExportClient client, BulkExportRequest request, string outDirectory, Action<string> progress, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outDirectory);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(clock);
        var folder = Path.GetFullPath(outDirectory);
        var work = Path.Combine(folder, BulkFolderExportState.WorkFolder);
        Directory.CreateDirectory(work);

        var earlier = Load(folder, progress);
        var state = earlier is { Complete: false, StatusUrl: not null } && earlier.Follows(client.FhirBase, request) ? earlier : null;
        var resumed = state is not null;
        if (earlier is { Complete: false, StatusUrl: { } other } && state is null)
        {
            progress("The folder holds an unfinished export of something else; it is abandoned for this one.");
            await client.DeleteAsync(new Uri(other), ct);
            DeleteWritten(folder, earlier);
        }

        for (var attempt = 0; ; attempt++)
        {
            if (state is null)
            {
                var status = await client.KickOffAsync(request, ct);
                state = new BulkFolderExportState
                {
                    FhirBase = client.FhirBase.ToString(),
                    KickOff = request.Path,
                    Types = [.. request.Types],
                    Since = request.Since,
                    StatusUrl = status.ToString(),
                    KickedOffAt = clock.GetUtcNow(),
                };
                Save(folder, state);
                progress("The EHR accepted the export; waiting for its files.");
            }
            else if (attempt == 0)
            {
                progress(string.Create(CultureInfo.InvariantCulture, $"Resuming the export started at {state.KickedOffAt:yyyy-MM-dd HH:mm:ss}Z."));
            }

            try
            {
                return await FollowAsync(client, state, folder, work, resumed, progress, ct);
            }
            catch (BulkExportException ex) when (ex.Gone && attempt == 0)
            {
                progress($"{ex.Message} Starting a fresh export.");
                await client.DeleteAsync(new Uri(state.StatusUrl!), ct);
                DeleteWritten(folder, state); // from the export given up: the fresh one writes its own
                state = null;
                resumed = false;
            }
        }
    }

    private static async Task<BulkFolderExportResult> FollowAsync(
        BulkExportClient client, BulkFolderExportState state, string folder, string work, bool resumed, Action<string> progress, CancellationToken ct)
    {
        var statusUrl = new Uri(state.StatusUrl!);
        if (state.TransactionTime is null)
        {
            var manifest = await client.WaitAsync(statusUrl, p =>
            {
                progress(p is { Length: > 0 } ? $"Still running: {p}" : "Still running.");
                return Task.CompletedTask;
            }, ct);
            ReplaceEarlierFiles(folder);
            var perType = new Dictionary<string, int>(StringComparer.Ordinal);
            state.Files = [.. manifest.Output.Select(f => new BulkFolderExportFile
            {
                Type = f.Type,
                Url = f.Url,
                Count = f.Count,
                Name = string.Create(CultureInfo.InvariantCulture, $"{SafeName(f.Type)}-{perType[f.Type] = perType.GetValueOrDefault(f.Type) + 1}.ndjson"),
            })];
            state.ErrorUrls = [.. manifest.Error.Select(e => e.Url)];
            state.TransactionTime = manifest.TransactionTime;
            Save(folder, state);
            progress(string.Create(CultureInfo.InvariantCulture, $"The export is ready: {state.Files.Count} files, {state.ErrorUrls.Count} error files."));
        }

        var (written, kept, bytes) = (0, 0, 0L);
        foreach (var file in state.Files)
        {
            var target = Path.Combine(folder, file.Name);
            if (file.Written && File.Exists(target))
            {
                kept++;
                continue;
            }

            var download = Path.Combine(work, file.Name + ".download");
            file.Bytes = await client.DownloadAsync(file.Url, download, ct);
            File.Move(download, target, overwrite: true);
            file.Written = true;
            file.Count ??= CountLines(target);
            Save(folder, state);
            bytes += file.Bytes.Value;
            written++;
            progress(string.Create(CultureInfo.InvariantCulture, $"Wrote {file.Name} ({file.Bytes:N0} bytes)."));
        }

        var errors = 0;
        for (var i = 0; i < state.ErrorUrls.Count; i++)
        {
            var path = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"error-{i + 1}.ndjson"));
            if (!File.Exists(path))
            {
                var partial = path + ".download";
                await client.DownloadAsync(state.ErrorUrls[i], partial, ct);
                File.Move(partial, path, overwrite: true);
            }
            errors += BulkExportClient.ReadErrors(path).Count();
        }

        await client.DeleteAsync(statusUrl, ct);
        state.Complete = true;
        Save(folder, state);
        var perResourceType = state.Files.GroupBy(f => f.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Count ?? 0), StringComparer.Ordinal);
        return new BulkFolderExportResult(resumed, written, kept, bytes, perResourceType, errors, state.TransactionTime!.Value);
    }

    /// <summary>Files an earlier, complete export left in the folder are removed once a new manifest is in hand.</summary>
    private static void ReplaceEarlierFiles(string folder)
    {
        var errorsFolder = Path.Combine(folder, BulkFolderExportState.WorkFolder);
        foreach (var old in Directory.EnumerateFiles(errorsFolder, "error-*.ndjson"))
        {
            File.Delete(old);
        }
        if (Previous(folder) is { } previous)
        {
            DeleteWritten(folder, previous);
            File.Delete(PreviousPath(folder));
        }
    }

    private static void DeleteWritten(string folder, BulkFolderExportState state)
    {
        foreach (var file in state.Files.Where(f => f.Written && !FhirFolderFiles.IsHidden(f.Name) && Path.GetFileName(f.Name) == f.Name))
        {
            File.Delete(Path.Combine(folder, file.Name));
        }
    }

    private static BulkFolderExportState? Previous(string folder) => File.Exists(PreviousPath(folder)) ? Read(PreviousPath(folder)) : null;

    private static string StatePath(string folder) => Path.Combine(folder, BulkFolderExportState.FileName);

    private static string PreviousPath(string folder) => Path.Combine(folder, BulkFolderExportState.WorkFolder, "previous.json");

    private static BulkFolderExportState? Load(string folder, Action<string> progress)
    {
        var path = StatePath(folder);
        if (!File.Exists(path))
        {
            return null;
        }
        var state = Read(path);
        if (state is null)
        {
            progress($"The export state in {BulkFolderExportState.FileName} is unreadable; a fresh export is started.");
            return null;
        }
        if (state.Complete)
        {
            // Kept aside so the new export's manifest can replace that export's files, not a mix of both.
            File.Copy(path, PreviousPath(folder), overwrite: true);
        }
        return state;
    }

    private static BulkFolderExportState? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), BulkFolderExportJsonContext.Default.BulkFolderExportState);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Save(string folder, BulkFolderExportState state)
    {
        // Written beside, then moved over: a crash mid-write leaves the previous state, never half of one.
        var path = StatePath(folder);
        var temporary = Path.Combine(folder, BulkFolderExportState.WorkFolder, "state.json.tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, BulkFolderExportJsonContext.Default.BulkFolderExportState));
        File.Move(temporary, path, overwrite: true);
    }

    private static string SafeName(string type) =>
        type.Length is > 0 and <= 64 && type.All(char.IsAsciiLetter) ? type : "Resource";

    private static long CountLines(string path) => File.ReadLines(path).LongCount(l => !string.IsNullOrWhiteSpace(l));
}
