using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>
/// Loads *.json (one resource, or a Bundle whose entries are loaded one by one) and *.ndjson (one resource per line)
/// from files and directories, recursively. Anything bad is reported and skipped; loading never throws for bad data.
/// </summary>
public sealed partial class FhirLoader(TimeProvider? time = null, ILogger? logger = null, int shiftDays = 0)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <param name="basePath">Relative paths resolve against this (default: the current directory).</param>
    public LoadReport Load(FhirResourceStore store, IEnumerable<string> paths, string? basePath = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(paths);
        var report = new LoadReport();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, basePath ?? Directory.GetCurrentDirectory());
            if (File.Exists(full))
            {
                LoadFile(store, full, report);
            }
            else if (Directory.Exists(full))
            {
                var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    LoadFile(store, file, report);
                }
            }
            else
            {
                Report(report, new LoadIssue(full, "", LoadIssueKind.MissingPath, "no such file or directory"));
            }
        }

        _logger.LogInformation(
            "Loaded {Loaded} FHIR resources from {Files} files ({Issues} issues)", report.Loaded, report.FilesRead, report.Issues.Count);
        return report;
    }

    private void LoadFile(FhirResourceStore store, string file, LoadReport report)
    {
        report.FilesRead++;
        try
        {
            if (file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
            {
                LoadNdjson(store, file, report);
            }
            else
            {
                LoadJson(store, file, report);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(report, new LoadIssue(file, "", LoadIssueKind.InvalidJson, $"cannot read the file: {ex.Message}"));
        }
    }

    private void LoadJson(FhirResourceStore store, string file, LoadReport report)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            Report(report, new LoadIssue(file, $"line {(ex.LineNumber ?? 0) + 1}", LoadIssueKind.InvalidJson, $"invalid JSON: {ex.Message}"));
            return;
        }

        if (root is not JsonObject resource || !HasResourceType(resource))
        {
            Report(report, new LoadIssue(file, "", LoadIssueKind.NotFhir, "not a FHIR resource: the JSON has no resourceType"));
            return;
        }

        FhirDateShifter.Shift(resource, shiftDays);
        // A lone resource without id (an example file) is named after its file, as a create would name it.
        var fileId = Path.GetFileNameWithoutExtension(file);
        LoadResource(store, resource, file, "", report, fullUrl: null, nested: false, fallbackId: fileId);
    }

    private void LoadNdjson(FhirResourceStore store, string file, LoadReport report)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var location = $"line {lineNumber}";
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                Report(report, new LoadIssue(file, location, LoadIssueKind.InvalidJson, $"invalid JSON: {ex.Message}"));
                continue;
            }

            if (node is not JsonObject resource || !HasResourceType(resource))
            {
                Report(report, new LoadIssue(file, location, LoadIssueKind.NotFhir, "not a FHIR resource: the JSON has no resourceType"));
                continue;
            }

            FhirDateShifter.Shift(resource, shiftDays);
            LoadResource(store, resource, file, location, report, fullUrl: null, nested: false);
        }
    }

    private void LoadResource(
        FhirResourceStore store, JsonObject resource, string file, string location, LoadReport report, string? fullUrl, bool nested, string? fallbackId = null)
    {
        try
        {
            LoadResourceCore(store, resource, file, location, report, fullUrl, nested, fallbackId);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // e.g. duplicate JSON property names surface only when the object is first read.
            Report(report, new LoadIssue(file, location, LoadIssueKind.InvalidResource, $"unreadable resource: {ex.Message}"));
        }
    }

    private void LoadResourceCore(
        FhirResourceStore store, JsonObject resource, string file, string location, LoadReport report, string? fullUrl, bool nested, string? fallbackId)
    {
        var type = resource["resourceType"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type is null || !FhirResourceTypes.R4.Contains(type))
        {
            Report(report, new LoadIssue(file, location, LoadIssueKind.InvalidResource, $"resourceType '{type}' is not a FHIR R4 resource type"));
            return;
        }

        if (type == "Bundle" && !(nested && IsStandaloneBundle(resource)))
        {
            LoadBundle(store, resource, file, location, report);
            return;
        }

        var id = resource["id"] switch
        {
            null => IdFromFullUrl(fullUrl) ?? fallbackId,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => null,
        };
        if (id is null || !IdPattern().IsMatch(id))
        {
            Report(report, new LoadIssue(file, location, LoadIssueKind.InvalidResource, $"{type} has no valid id"));
            return;
        }

        resource["id"] ??= id;
        if (resource["meta"] is null)
        {
            resource["meta"] = new JsonObject();
        }

        if (resource["meta"] is not JsonObject meta)
        {
            Report(report, new LoadIssue(file, location, LoadIssueKind.InvalidResource, $"{type}/{id} has a meta that is not an object"));
            return;
        }

        meta["versionId"] ??= "1";
        meta["lastUpdated"] ??= _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var (stored, replaced) = store.Put(resource);
        if (!string.IsNullOrEmpty(fullUrl))
        {
            store.AddAlias(fullUrl, stored.Reference);
        }

        report.Loaded++;
        if (replaced)
        {
            Report(report, new LoadIssue(file, location, LoadIssueKind.Duplicate, $"{stored.Reference} replaces an earlier resource with the same type and id"));
        }
    }

    private void LoadBundle(FhirResourceStore store, JsonObject bundle, string file, string location, LoadReport report)
    {
        if (bundle["entry"] is not JsonArray entries)
        {
            return;
        }

        for (var index = 0; index < entries.Count; index++)
        {
            var entryLocation = location.Length == 0 ? $"entry {index}" : $"{location}, entry {index}";
            if (entries[index] is not JsonObject entry || entry["resource"] is not JsonObject resource)
            {
                Report(report, new LoadIssue(file, entryLocation, LoadIssueKind.InvalidResource, "entry has no resource"));
                continue;
            }

            if (!HasResourceType(resource))
            {
                Report(report, new LoadIssue(file, entryLocation, LoadIssueKind.NotFhir, "entry resource has no resourceType"));
                continue;
            }

            var fullUrl = entry["fullUrl"] is JsonValue f && f.TryGetValue<string>(out var url) ? url : null;
            LoadResource(store, resource, file, entryLocation, report, fullUrl, nested: true);
        }
    }

    private void Report(LoadReport report, LoadIssue issue)
    {
        report.Add(issue);
        if (issue.Kind == LoadIssueKind.Duplicate)
        {
            _logger.LogInformation("FHIR data: {Issue}", issue.ToString());
        }
        else
        {
            _logger.LogWarning("FHIR data skipped: {Issue}", issue.ToString());
        }
    }

    private static bool HasResourceType(JsonObject resource) => resource["resourceType"] is JsonValue value && value.TryGetValue<string>(out _);

    // Documents and messages are resources in their own right; other Bundles only carry resources.
    private static bool IsStandaloneBundle(JsonObject bundle) =>
        bundle["id"] is not null && bundle["type"] is JsonValue type && type.TryGetValue<string>(out var value) && value is "document" or "message";

    private static string? IdFromFullUrl(string? fullUrl)
    {
        if (string.IsNullOrEmpty(fullUrl))
        {
            return null;
        }

        if (fullUrl.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            return fullUrl["urn:uuid:".Length..];
        }

        var slash = fullUrl.LastIndexOf('/');
        return slash >= 0 ? fullUrl[(slash + 1)..] : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex IdPattern();
}
