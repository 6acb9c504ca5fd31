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
    // One deserializer per call (cheap: the model inspector is cached), so the reader is safe to use from any thread.
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
    public static FhirReadResult ReadJson(ReadOnlyMemory<byte> utf8Json, string source)
    {
        var session = new ReadSession(FhirResourceParser.CreateDeserializer());
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
        var session = new ReadSession(FhirResourceParser.CreateDeserializer());
        session.ReadDocument(Encoding.UTF8.GetBytes(json), source, isHttpResponse: true);
        return session.ToResult();
    }

    /// <summary>Reads NDJSON (one resource per line, as FHIR Bulk Data exports); a bad line costs only itself.</summary>
    public static FhirReadResult ReadNdjson(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var session = new ReadSession(FhirResourceParser.CreateDeserializer());
        session.ReadNdjson(reader, source);
        return session.ToResult();
    }

    /// <summary>Reads a <c>.json</c> or <c>.ndjson</c>/<c>.jsonl</c> file; any other file gives one issue.</summary>
    public static FhirReadResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var session = new ReadSession(FhirResourceParser.CreateDeserializer());
        session.ReadFile(path);
        return session.ToResult();
    }

    /// <summary>Reads every file under a folder (recursively, in ordinal path order).</summary>
    public static FhirReadResult ReadDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var session = new ReadSession(FhirResourceParser.CreateDeserializer());
        if (!Directory.Exists(path))
        {
            session.Skip(path, null, null, "folder not found");
            return session.ToResult();
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            session.Skip(path, null, null, $"could not list the folder ({ex.GetType().Name})");
            return session.ToResult();
        }

        files.Sort(StringComparer.Ordinal);
        // Bulk exports hold one large file per resource type: a session (and deserializer) per file, one file per core,
        // results kept in path order.
        var perFile = files.AsParallel().AsOrdered().Select(file =>
        {
            var fileSession = new ReadSession(FhirResourceParser.CreateDeserializer());
            fileSession.ReadFile(file);
            return fileSession.ToResult();
        }).ToList();
        return FhirReadResult.Combine(perFile);
    }

    /// <summary>Collects resources and issues for one call; not shared between threads.</summary>
    private sealed class ReadSession(FhirJsonDeserializer deserializer)
    {
        private readonly List<Resource> _resources = [];
        private readonly List<FhirReadIssue> _issues = [];

        public FhirReadResult ToResult() => new(_resources, _issues);

        public void Skip(string source, string? type, string? id, string message) =>
            _issues.Add(new FhirReadIssue(source, type, id, message, Skipped: true));

        public void ReadFile(string path)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            try
            {
                switch (extension)
                {
                    case ".json" when new FileInfo(path).Length > MaxDocumentBytes:
                        Skip(path, null, null, $"refused: the file is over the {MaxDocumentBytes / (1024 * 1024)} MiB limit for one JSON document (split it, or export NDJSON)");
                        break;
                    case ".json":
                        ReadDocument(File.ReadAllBytes(path), path, isHttpResponse: false);
                        break;
                    case ".ndjson" or ".jsonl":
                        using (var reader = File.OpenText(path))
                        {
                            ReadNdjson(reader, path);
                        }

                        break;
                    default:
                        Skip(path, null, null, $"not a FHIR JSON file ('{extension}'): expected .json, .ndjson or .jsonl");
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Skip(path, null, null, $"could not read the file ({ex.GetType().Name})");
            }
        }

        public void ReadNdjson(TextReader reader, string source)
        {
            var lineNumber = 0;
            var line = new StringBuilder();
            bool more;
            do
            {
                (more, var length) = ReadBoundedLine(reader, line);
                if (!more && length == 0)
                {
                    break;
                }

                lineNumber++;
                if (length > FhirResourceParser.MaxResourceBytes)
                {
                    Skip($"{source}:line {lineNumber}", null, null, FhirResourceParser.TooLarge(length));
                }
                else if (line.ToString() is { } text && !string.IsNullOrWhiteSpace(text))
                {
                    ReadDocument(Encoding.UTF8.GetBytes(text), $"{source}:line {lineNumber}", isHttpResponse: false);
                }
            }
            while (more);
        }

        /// <summary>
        /// TextReader.ReadLine with a cap, hand-written because the BCL has none: a line over the one-resource limit is
        /// consumed and counted but not kept, so a runaway export line cannot exhaust memory.
        /// </summary>
        /// <returns>more: a line break ended the line; length: the line's characters (each at least one UTF-8 byte).</returns>
        private static (bool More, long Length) ReadBoundedLine(TextReader reader, StringBuilder line)
        {
            line.Clear();
            var length = 0L;
            int c;
            while ((c = reader.Read()) >= 0)
            {
                if (c == '\n')
                {
                    if (line.Length > 0 && line[^1] == '\r')
                    {
                        line.Length--;
                        length--;
                    }

                    return (true, length);
                }

                if (++length <= FhirResourceParser.MaxResourceBytes)
                {
                    line.Append((char)c);
                }
                else if (line.Length > 0)
                {
                    line.Clear();
                }
            }

            return (false, length);
        }

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

            var resource = FhirResourceParser.Parse(deserializer, JsonMarshal.GetRawUtf8Value(element), type, out var skipReason, out var lenientNote);
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
