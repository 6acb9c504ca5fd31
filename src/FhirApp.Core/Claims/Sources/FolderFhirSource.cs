using System.Runtime.CompilerServices;
using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Claims.Sources;

/// <summary>
/// FHIR Bulk NDJSON and Bundle files in folders. Pages: NDJSON files line by line (a file is never held whole),
/// Bundle / JSON files one document at a time. Records: <see cref="BulkExportByPatient"/> when the folders allow it
/// (every file NDJSON, literal patient references), else every resource read and grouped by
/// <see cref="PatientRecordGrouper"/>.
/// </summary>
public sealed class FolderFhirSource(IReadOnlyList<string> directories, string? name = null) : IFhirSource
{
    /// <summary>A line longer than this (64 MiB) is skipped as unreadable, never held.</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;

    public string Name { get; } = name ?? "folder";

    public IReadOnlyList<string> Directories { get; } = directories;

    public async IAsyncEnumerable<FhirSourcePage> ReadPagesAsync(int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        foreach (var file in Directories.Where(Directory.Exists)
            .SelectMany(FhirFolderFiles.Enumerate).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            if (IsNdjson(file))
            {
                await foreach (var page in ReadNdjsonPagesAsync(file, Path.GetFileName(file), 0, pageSize, ct))
                {
                    yield return page;
                }
            }
            else
            {
                var read = FhirResourceReader.ReadFile(file);
                yield return new FhirSourcePage(Path.GetFileName(file), 0, read.Resources.Count, read.Resources, read.Issues);
            }
        }
    }

    /// <summary>One NDJSON file from line <paramref name="skipLines"/> on, in pages of <paramref name="pageSize"/> lines.</summary>
    public static async IAsyncEnumerable<FhirSourcePage> ReadNdjsonPagesAsync(
        string path, string origin, long skipLines, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new BoundedLineReader(stream, MaxLineBytes);
        long lineNumber = 0;
        var pageStart = skipLines;
        var lines = new List<(long Number, byte[]? Bytes)>(pageSize);
        while (reader.TryRead(out var line, out _))
        {
            if (lineNumber++ < skipLines)
            {
                continue;
            }

            lines.Add((lineNumber - 1, line));
            if (lines.Count == pageSize)
            {
                yield return Page(origin, pageStart, lines);
                pageStart += lines.Count;
                lines.Clear();
                ct.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }

        if (lines.Count > 0)
        {
            yield return Page(origin, pageStart, lines);
        }
    }

    private static FhirSourcePage Page(string origin, long firstLine, List<(long Number, byte[]? Bytes)> lines)
    {
        var resources = new List<Hl7.Fhir.Model.Resource>(lines.Count);
        var issues = new List<FhirReadIssue>();
        foreach (var (number, bytes) in lines)
        {
            var source = $"{origin}:{number + 1}";
            if (bytes is null)
            {
                issues.Add(new FhirReadIssue(source, null, null, $"The line is longer than {MaxLineBytes:N0} bytes.", Skipped: true));
                continue;
            }

            if (bytes.AsSpan().Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var read = FhirResourceReader.ReadJson(bytes, source);
            resources.AddRange(read.Resources);
            issues.AddRange(read.Issues);
        }

        return new FhirSourcePage(origin, firstLine, lines.Count, resources, issues);
    }

    public async IAsyncEnumerable<PatientRecord> ReadPatientRecordsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var existing = Directories.Where(Directory.Exists).ToList();
        // BulkExportByPatient parses patient by patient in parallel and keeps the grouper's order.
        if (!BulkExportByPatient.TryRead(existing, record => record, out var records, out _, out _))
        {
            var all = FhirReadResult.Combine(existing.Select(FhirResourceReader.ReadDirectory));
            records = [.. PatientRecordGrouper.Group(all.Resources)];
        }

        foreach (var record in records)
        {
            ct.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    private static bool IsNdjson(string path) =>
        path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
}
