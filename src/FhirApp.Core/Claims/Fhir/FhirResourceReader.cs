using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Reads FHIR R4 JSON leniently: single resources, Bundles of any type (each entry on its own, so one bad entry
/// costs only itself), NDJSON (line by line), files and folders, and raw Bundles from FHIR HTTP responses.
/// Never throws for bad content: unusable resources and non-FHIR files come back as <see cref="FhirReadIssue"/>s.
/// </summary>
public static class FhirResourceReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = FhirResourceParser.MaxJsonDepth };

    /// <summary>Size limit of one <c>.json</c> file (256 MiB): it is read whole; NDJSON is streamed line by line instead.</summary>
    public const long MaxDocumentBytes = 256L * 1024 * 1024;

    /// <summary>Reads one JSON document: a resource or a Bundle.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">A label for issues, e.g. a file name or "EHR Claim search".</param>
    public static FhirReadResult ReadJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ReadJson(Encoding.UTF8.GetBytes(json), source);
    }

    /// <summary>Reads one UTF-8 JSON document: a resource or a Bundle.</summary>
    public static FhirReadResult ReadJson(ReadOnlyMemory<byte> utf8Json, string source) => ReadJson(utf8Json, source, FhirReaderPath.Fast);

    /// <summary>Reads one UTF-8 JSON document with the chosen parser.</summary>
    internal static FhirReadResult ReadJson(ReadOnlyMemory<byte> utf8Json, string source, FhirReaderPath path)
    {
        var session = new ReadSession(Deserializers.Value!, path);
        session.ReadDocument(utf8Json, source, isHttpResponse: false);
        return session.ToResult();
    }

    /// <summary>
    /// Reads the raw body of a FHIR HTTP response (searchset, batch-response or a single resource). Entries whose
    /// <c>response.status</c> is not 2xx, and OperationOutcomes the server sent instead of data, become issues;
    /// Bundles nested in batch-response entries are read too.
    /// </summary>
    public static FhirReadResult ReadResponseBundle(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        var session = new ReadSession(Deserializers.Value!, FhirReaderPath.Fast);
        session.ReadDocument(Encoding.UTF8.GetBytes(json), source, isHttpResponse: true);
        return session.ToResult();
    }

    /// <summary>Reads UTF-8 NDJSON (one resource per line, as FHIR Bulk Data exports); a bad line costs only itself.</summary>
    public static FhirReadResult ReadNdjson(Stream utf8Ndjson, string source) => ReadNdjson(utf8Ndjson, source, FhirReaderPath.Fast);

    /// <summary>Reads UTF-8 NDJSON with the chosen parser.</summary>
    internal static FhirReadResult ReadNdjson(Stream utf8Ndjson, string source, FhirReaderPath path)
    {
        ArgumentNullException.ThrowIfNull(utf8Ndjson);
        return ReadDocuments(NdjsonDocuments(utf8Ndjson, source), path);
    }

    /// <summary>Reads a <c>.json</c> or <c>.ndjson</c>/<c>.jsonl</c> file; any other file gives one issue.</summary>
    public static FhirReadResult ReadFile(string path) => ReadFile(path, FhirReaderPath.Fast);

    /// <summary>Reads a file with the chosen parser.</summary>
    internal static FhirReadResult ReadFile(string path, FhirReaderPath reader)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadDocuments(FileDocuments(path), reader);
    }

    /// <summary>Reads every file under a folder (recursively, in ordinal path order).</summary>
    public static FhirReadResult ReadDirectory(string path) => ReadDirectory(path, FhirReaderPath.Fast);

    /// <summary>Reads every file under a folder with the chosen parser.</summary>
    internal static FhirReadResult ReadDirectory(string path, FhirReaderPath reader)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
        {
            return Refused(path, "folder not found");
        }

        List<string> files;
        try
        {
            files = Sources.FhirFolderFiles.Enumerate(path).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Refused(path, $"could not list the folder ({ex.GetType().Name})");
        }

        files.Sort(StringComparer.Ordinal);
        return ReadDocuments(files.SelectMany(FileDocuments), reader);
    }

    private static FhirReadResult Refused(string source, string message) => new([], [new FhirReadIssue(source, null, null, message, Skipped: true)]);

    /// <summary>
    /// One JSON document to read (a <c>.json</c> file or one NDJSON line), or, with <see cref="Refusal"/>, a source
    /// refused before parsing (unreadable file, oversized line, unknown extension).
    /// </summary>
    private readonly record struct Document(string Source, ReadOnlyMemory<byte> Utf8Json, string? Refusal);

    // Firely's deserializer is created once per thread: it is cheap to use but not free to build.
    private static readonly ThreadLocal<FhirJsonDeserializer> Deserializers = new(FhirResourceParser.CreateDeserializer);

    /// <summary>
    /// Files are split into documents on one thread (sequential I/O) and the documents are parsed on every core, in
    /// order: a Bulk export's largest file (the EOBs) would otherwise keep one core busy while the other idles.
    /// </summary>
    private static FhirReadResult ReadDocuments(IEnumerable<Document> documents, FhirReaderPath path) =>
        FhirReadResult.Combine(documents.AsParallel().AsOrdered().Select(document =>
        {
            if (document.Refusal is not null)
            {
                return Refused(document.Source, document.Refusal);
            }

            var session = new ReadSession(Deserializers.Value!, path);
            session.ReadDocument(document.Utf8Json, document.Source, isHttpResponse: false);
            return session.ToResult();
        }).ToList());

    private static IEnumerable<Document> FileDocuments(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".ndjson" or ".jsonl"))
        {
            yield return new Document(path, default, $"not a FHIR JSON file ('{extension}'): expected .json, .ndjson or .jsonl");
            yield break;
        }

        Document? whole = null;
        Stream? stream = null;
        try
        {
            if (extension == ".json")
            {
                whole = new FileInfo(path).Length > MaxDocumentBytes
                    ? new Document(path, default, $"refused: the file is over the {MaxDocumentBytes / (1024 * 1024)} MiB limit for one JSON document (split it, or export NDJSON)")
                    : new Document(path, File.ReadAllBytes(path), null);
            }
            else
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            whole = new Document(path, default, $"could not read the file ({ex.GetType().Name})");
        }

        if (whole is { } document)
        {
            yield return document;
            yield break;
        }

        using (stream)
        {
            foreach (var line in NdjsonDocuments(stream!, path))
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<Document> NdjsonDocuments(Stream stream, string source)
    {
        // A read error mid-file ends that file with an issue; the lines before it are kept (no yield inside a catch).
        using var lines = new BoundedLineReader(stream, FhirResourceParser.MaxResourceBytes);
        var lineNumber = 0;
        while (true)
        {
            byte[]? line;
            long length;
            string? error = null;
            try
            {
                if (!lines.TryRead(out line, out length))
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                (line, length, error) = (null, 0, $"could not read the file ({ex.GetType().Name})");
            }

            if (error is not null)
            {
                yield return new Document(lineNumber == 0 ? source : $"{source}:after line {lineNumber}", default, error);
                yield break;
            }

            lineNumber++;
            if (line is null)
            {
                yield return new Document($"{source}:line {lineNumber}", default, FhirResourceParser.TooLarge(length));
            }
            else if (!line.AsSpan().Trim(" \t\r"u8).IsEmpty)
            {
                yield return new Document($"{source}:line {lineNumber}", line, null);
            }
        }
    }

    /// <summary>Collects resources and issues for one call; not shared between threads.</summary>
    private sealed class ReadSession(FhirJsonDeserializer deserializer, FhirReaderPath path)
    {
        private readonly List<Resource> _resources = [];
        private readonly List<FhirReadIssue> _issues = [];

        public FhirReadResult ToResult() => new(_resources, _issues);

        public void Skip(string source, string? type, string? id, string message) =>
            _issues.Add(new FhirReadIssue(source, type, id, message, Skipped: true));

        public void ReadDocument(ReadOnlyMemory<byte> utf8Json, string source, bool isHttpResponse)
        {
            var bytes = utf8Json.Span;
            if (bytes.StartsWith("\uFEFF"u8))
            {
                utf8Json = utf8Json[3..];
            }

            // JsonDocument checks UTF-8 only when a string is read, which would throw later, outside this method's guard.
            if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
            {
                Skip(source, null, null, "not valid UTF-8 text (FHIR JSON must be UTF-8)");
                return;
            }

            // The hot claim types, when the projection understands them completely, skip the JSON DOM and Firely.
            if (!isHttpResponse && TryProject(utf8Json.Span, source, fullUrl: null))
            {
                return;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(utf8Json, DocumentOptions);
            }
            catch (JsonException ex)
            {
                Skip(source, null, null, FhirResourceParser.NestsDeeperThan(utf8Json.Span, FhirResourceParser.MaxJsonDepth)
                    ? $"refused: the JSON nests deeper than {FhirResourceParser.MaxJsonDepth} levels, the limit for one document"
                    : $"not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})");
                return;
            }

            using (document)
            {
                ReadRoot(document.RootElement, source, isHttpResponse);
            }
        }

        private void ReadRoot(JsonElement root, string source, bool isHttpResponse)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Skip(source, null, null, $"not FHIR JSON: the top-level value is {Describe(root.ValueKind)}, not a resource");
                return;
            }

            if (ResourceTypeOf(root) is null)
            {
                Skip(source, null, IdOf(root), "not FHIR JSON: the top-level object has no resourceType");
                return;
            }

            if (isHttpResponse && ResourceTypeOf(root) == "OperationOutcome")
            {
                ReportOutcome(root, source, "the server returned an OperationOutcome instead of data");
                return;
            }

            ReadResource(root, source, fullUrl: null);
        }

        private void ReadResource(JsonElement element, string source, string? fullUrl)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Skip(source, null, null, $"resource is {Describe(element.ValueKind)}, not a JSON object");
                return;
            }

            var type = ResourceTypeOf(element);
            var id = IdOf(element);
            if (type is null)
            {
                Skip(source, null, id, "resource has no resourceType");
                return;
            }

            if (type == "Bundle")
            {
                ReadBundle(element, source, id);
                return;
            }

            if (!ModelInfo.IsKnownResource(type))
            {
                Skip(source, Truncate(type), id, $"unknown FHIR R4 resource type '{Truncate(type)}'");
                return;
            }

            var raw = JsonMarshal.GetRawUtf8Value(element);
            if (TryProject(raw, source, fullUrl))
            {
                return;
            }

            var resource = FhirResourceParser.Parse(deserializer, raw, type, out var skipReason, out var lenientNote);
            if (resource is null)
            {
                Skip(source, type, id, skipReason!);
                return;
            }

            if (lenientNote is not null)
            {
                _issues.Add(new FhirReadIssue(source, type, id, lenientNote, Skipped: false));
            }

            resource.AddAnnotation(new FhirResourceOrigin(source, fullUrl));
            _resources.Add(resource);
        }

        private bool TryProject(ReadOnlySpan<byte> utf8Json, string source, string? fullUrl)
        {
            if (path != FhirReaderPath.Fast || FhirProjectionReader.TryRead(utf8Json) is not { } resource)
            {
                return false;
            }

            resource.AddAnnotation(new FhirResourceOrigin(source, fullUrl));
            _resources.Add(resource);
            return true;
        }

        private void ReadBundle(JsonElement bundle, string source, string? bundleId)
        {
            if (!bundle.TryGetProperty("entry", out var entries))
            {
                return;
            }

            if (entries.ValueKind != JsonValueKind.Array)
            {
                Skip(source, "Bundle", bundleId, "Bundle.entry is not an array");
                return;
            }

            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var entrySource = $"{source}#entry[{index.ToString(CultureInfo.InvariantCulture)}]";
                index++;
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    Skip(entrySource, null, null, "Bundle entry is not a JSON object");
                    continue;
                }

                if (entry.TryGetProperty("response", out var response))
                {
                    CheckEntryResponse(response, entrySource);
                }

                if (!entry.TryGetProperty("resource", out var resource))
                {
                    continue;
                }

                if (IsSearchOutcome(entry) && ResourceTypeOf(resource) == "OperationOutcome")
                {
                    ReportOutcome(resource, entrySource, "the server added an OperationOutcome to the search");
                    continue;
                }

                var fullUrl = entry.TryGetProperty("fullUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;
                ReadResource(resource, entrySource, fullUrl);
            }
        }

        private void CheckEntryResponse(JsonElement response, string source)
        {
            if (response.ValueKind != JsonValueKind.Object
                || !response.TryGetProperty("status", out var statusElement)
                || statusElement.ValueKind != JsonValueKind.String)
            {
                return;
            }

            var status = statusElement.GetString() ?? "";
            var code = status.Length >= 3 && int.TryParse(status.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            if (code is >= 200 and < 300)
            {
                return;
            }

            var message = $"batch entry failed with HTTP status '{Truncate(status)}'";
            if (response.TryGetProperty("outcome", out var outcome))
            {
                message += ": " + OutcomeCodes(outcome);
            }

            Skip(source, null, null, message);
        }

        private void ReportOutcome(JsonElement outcome, string source, string what)
        {
            var codes = OutcomeCodes(outcome);
            var isError = codes.Contains("error", StringComparison.Ordinal) || codes.Contains("fatal", StringComparison.Ordinal);
            _issues.Add(new FhirReadIssue(source, "OperationOutcome", IdOf(outcome), $"{what}: {codes}", Skipped: isError));
        }

        // Severity and code of each issue; diagnostics text is left out because servers may echo request data.
        private static string OutcomeCodes(JsonElement outcome)
        {
            if (outcome.ValueKind != JsonValueKind.Object
                || !outcome.TryGetProperty("issue", out var issues)
                || issues.ValueKind != JsonValueKind.Array)
            {
                return "no issue details";
            }

            var parts = new List<string>();
            foreach (var issue in issues.EnumerateArray())
            {
                if (issue.ValueKind == JsonValueKind.Object)
                {
                    parts.Add($"{StringProperty(issue, "severity") ?? "?"} {StringProperty(issue, "code") ?? "?"}");
                }
            }

            return parts.Count == 0 ? "no issue details" : string.Join(", ", parts);
        }

        private static bool IsSearchOutcome(JsonElement entry) =>
            entry.TryGetProperty("search", out var search)
            && search.ValueKind == JsonValueKind.Object
            && StringProperty(search, "mode") == "outcome";

        private static string? ResourceTypeOf(JsonElement element) =>
            StringProperty(element, "resourceType") is { Length: > 0 } type ? type : null;

        private static string? IdOf(JsonElement element) => StringProperty(element, "id");

        private static string? StringProperty(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => kind.ToString(),
        };

        private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
    }
}
