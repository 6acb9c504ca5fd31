using System.Globalization;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Remittance;

/// <summary>
/// One pass over a practice's 835 drop folder: each file that has settled (not written to for a while) is imported
/// through <see cref="RemittanceImporter"/> into the denials intake, then moved to <c>processed/</c>, or, when the reader
/// refuses it, to <c>refused/</c> with a <c>.why.txt</c> beside it naming each issue (issues never quote names or ids).
/// </summary>
/// <remarks>
/// Crash safety rests on the order "store, then move" and on the intake's idempotence (EOB id + version): a process
/// that dies after the store committed and before the move leaves the file where it was, the next run imports it again,
/// the intake finds every version already stored, and the file is moved. A file is never moved before its store
/// committed, so nothing is lost. A refused file stores nothing, so re-reading it is harmless too.
/// </remarks>
public sealed class RemittanceDropFolder(IAdjudicationSink sink, IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ILogger<RemittanceDropFolder> logger)
{
    public const string JobName = "remittance-drop";
    public const string ProcessedFolder = "processed";
    public const string RefusedFolder = "refused";
    public const string WhySuffix = ".why.txt";

    /// <summary>How long a file must go unchanged before it is read: a file still being copied in is left for the next run.</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(10);

    /// <summary>Moves a file; replaced in tests to stop a run between the store and the move, as a killed process would.</summary>
    internal Action<string, string> MoveFile { get; init; } = static (from, to) => File.Move(from, to);

    public async Task<RemittanceDropSummary> RunAsync(string tenant, string folder, TimeSpan settle, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var run = new JobRun { Tenant = tenant, Job = JobName, StartedAt = clock.GetUtcNow() };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        int imported = 0, refused = 0, waiting = 0;
        try
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException("The drop folder does not exist.");
            }

            Directory.CreateDirectory(Path.Combine(folder, ProcessedFolder));
            Directory.CreateDirectory(Path.Combine(folder, RefusedFolder));
            var importer = new RemittanceImporter();
            foreach (var file in Candidates(folder))
            {
                ct.ThrowIfCancellationRequested();
                if (clock.GetUtcNow() - File.GetLastWriteTimeUtc(file) < settle)
                {
                    waiting++;
                    continue;
                }

                var (import, stored) = RemittanceFiles.IsX12(file)
                    ? await importer.StoreAsync(sink, tenant, file, ct)
                    : (new RemittanceImport { Source = file, Issues = [new Common.X12.X12Issue(0, "", "not an X12 file: it does not start with an ISA segment")] }, null);
                run.Pages++;
                if (!import.Accepted)
                {
                    Refuse(folder, file, import);
                    refused++;
                    run.Errors++;
                }
                else
                {
                    run.Resources += import.Eobs.Count;
                    run.Stored += stored?.Stored ?? 0;
                    // Stored and committed: only now may the file leave the drop folder.
                    MoveFile(file, Free(Path.Combine(folder, ProcessedFolder), Path.GetFileName(file)));
                    imported++;
                }

                await db.SaveChangesAsync(ct);
            }

            run.Outcome = JobRunOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            run.Outcome = JobRunOutcome.Cancelled;
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The file being read stays in the drop folder: the next run imports it again, idempotently.
            run.Outcome = JobRunOutcome.Failed;
            run.Message = ex switch
            {
                DirectoryNotFoundException => "The drop folder does not exist: create it, or correct remittance.dropFolder in smart-config.",
                IOException or UnauthorizedAccessException => $"{ex.GetType().Name}: the drop folder could not be read or written; the file stays for the next run.",
                _ => $"{ex.GetType().Name}: the import could not finish; the file stays for the next run.",
            };
            logger.LogWarning("835 drop folder run of {Tenant} failed after {Files} file(s): {Error}", tenant, run.Pages, ex.GetType().Name);
        }
        finally
        {
            run.EndedAt = clock.GetUtcNow();
            run.Message ??= Describe(imported, refused, waiting);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return new RemittanceDropSummary(run.Id, imported, refused, waiting, run.Resources, run.Stored);
    }

    /// <summary>The files refused so far, newest first, with the reasons written beside each.</summary>
    public static IReadOnlyList<RefusedRemittanceFile> Refused(string folder, int count)
    {
        var refused = Path.Combine(folder, RefusedFolder);
        if (!Directory.Exists(refused))
        {
            return [];
        }

        return [.. new DirectoryInfo(refused).EnumerateFiles()
            .Where(f => !f.Name.EndsWith(WhySuffix, StringComparison.Ordinal))
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(f =>
            {
                var why = f.FullName + WhySuffix;
                var reasons = File.Exists(why) ? File.ReadAllLines(why).Skip(1).Where(l => l.Length > 0).ToList() : [];
                return new RefusedRemittanceFile(f.Name, new DateTimeOffset(File.Exists(why) ? File.GetLastWriteTimeUtc(why) : f.LastWriteTimeUtc, TimeSpan.Zero), reasons);
            })];
    }

    // The files to read: those directly in the folder, in name order; hidden files and partial uploads are someone's work in progress.
    private static List<string> Candidates(string folder) =>
        [.. Directory.EnumerateFiles(folder)
            .Where(f => Path.GetFileName(f) is var name && !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
                && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".filepart", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    private void Refuse(string folder, string file, RemittanceImport import)
    {
        var target = Free(Path.Combine(folder, RefusedFolder), Path.GetFileName(file));
        var why = new StringBuilder();
        why.Append(CultureInfo.InvariantCulture, $"Refused {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC; nothing from this file was stored. Fix it (or ask the payer to resend it) and drop it again.\n");
        foreach (var issue in import.Issues)
        {
            why.Append(issue).Append('\n');
        }

        // The reasons first (written whole, then renamed into place), then the file: a crash in between leaves the file to be refused again.
        var temporary = target + WhySuffix + ".tmp";
        File.WriteAllText(temporary, why.ToString());
        File.Move(temporary, target + WhySuffix, overwrite: true);
        MoveFile(file, target);
    }

    /// <summary>The name in <paramref name="directory"/>, or "name-2.ext", "name-3.ext"… when a payer resent a file of the same name.</summary>
    private static string Free(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(name)}-{n}{Path.GetExtension(name)}");
        }

        return path;
    }

    private static string Describe(int imported, int refused, int waiting) =>
        (imported + refused + waiting) == 0
            ? "no new file"
            : $"{imported} imported, {refused} refused" + (waiting > 0 ? $", {waiting} still being written (next run)" : "");
}
