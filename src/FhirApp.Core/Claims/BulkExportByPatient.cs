using System.Text.Json;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// Reads FHIR Bulk NDJSON folders one patient at a time, for training and batch scoring on large histories.
/// <para>
/// <see cref="PatientRecordGrouper.Group"/> needs every resource parsed and held at once: at 200,000 claims that is
/// about 800,000 Firely objects (10 GiB), and the garbage collector spends more time promoting them than the parser
/// spends building them. Here a first pass reads only each line's resourceType and patient reference (and parses the
/// few shared resources and Patients), a second pass parses and hands over one patient's record at a time, in parallel,
/// so each record's objects die young. The records and their order are the grouper's.
/// </para>
/// <para>
/// It applies when every file is NDJSON and every patient-linked line names its patient by a literal reference;
/// otherwise (Bundles, identifier or contained patient references, unreadable files) <see cref="TryRead{T}"/>
/// returns false and the caller reads the whole export. One difference from the grouper, on purpose: two versions of
/// one resource filed under different patients are each kept in their patient's record.
/// </para>
/// </summary>
internal static class BulkExportByPatient
{
    /// <summary>A line of one file.</summary>
    private readonly record struct Line(int File, int Start, int Length, int Number);

    /// <summary>
    /// What the first pass learned of a line: its type and, for patient-linked types, whether the patient element is
    /// there and its literal reference. Not <see cref="Scanned"/>: not a JSON object with a resourceType.
    /// </summary>
    private readonly record struct Head(string? Type, bool HasPatientElement, string? PatientReference, bool Scanned);

    /// <param name="perPatient">Runs once per patient record, in parallel; results come back in the grouper's order.</param>
    /// <param name="resources">Resources read.</param>
    /// <param name="skipped">Resources (and lines) skipped as unreadable.</param>
    public static bool TryRead<T>(IReadOnlyList<string> directories, Func<PatientRecord, T> perPatient, out List<T> results, out int resources, out int skipped)
    {
        var read = TryReadWithIssues(directories, perPatient, out results, out resources, out var issues);
        skipped = issues.Count(i => i.Skipped);
        return read;
    }

    /// <summary>As the other overload, with every issue met (skipped resources and lines, lenient reads) instead of a count.</summary>
    /// <param name="issues">In file order for the shared resources, then in record order.</param>
    public static bool TryReadWithIssues<T>(IReadOnlyList<string> directories, Func<PatientRecord, T> perPatient, out List<T> results, out int resources, out List<FhirReadIssue> issues)
    {
        results = [];
        resources = 0;
        issues = [];
        if (ReadFiles(directories) is not { } files)
        {
            return false;
        }

        var perFile = files.AsParallel().AsOrdered().Select((file, index) => SplitLines(file.Bytes, index)).ToList();
        var lines = perFile.SelectMany(f => f.Lines).ToList();
        issues.AddRange(perFile.SelectMany((f, index) => f.Oversized.Select(o => new FhirReadIssue($"{files[index].Path}:line {o.Number}", null, null, FhirResourceParser.TooLarge(o.Length), Skipped: true))));

        var heads = lines.AsParallel().AsOrdered().Select(line => Scan(Bytes(files, line))).ToArray();
        if (heads.Any(h => h.Type is "Bundle"))
        {
            return false;
        }

        // Patients, RelatedPersons and shared resources are parsed once, up front: any record may reference them.
        var isGlobal = heads.Select(h => h.Scanned && (!PatientRecordGrouper.PatientElements.ContainsKey(h.Type!) || h.Type is "RelatedPerson")).ToArray();

        var globalReads = Enumerable.Range(0, lines.Count).Where(i => isGlobal[i] || !heads[i].Scanned).AsParallel().AsOrdered()
            .Select(i => (Index: i, Read: Read(files, lines[i]))).ToList();
        if (globalReads.Any(g => !heads[g.Index].Scanned && g.Read.Resources.Count > 0))
        {
            return false; // only unparseable lines fail the scan; anything else is not understood here
        }

        var parsed = new Resource?[lines.Count];
        foreach (var (index, read) in globalReads)
        {
            parsed[index] = read.Resources.SingleOrDefault();
            resources += read.Resources.Count;
            issues.AddRange(read.Issues);
        }

        var global = PatientRecord.Create(parsed.OfType<Resource>());
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var head = heads[i];
            string? key;
            if (!head.Scanned || (isGlobal[i] && head.Type is not ("Patient" or "RelatedPerson")) || (head.Type is "Patient" && parsed[i] is null))
            {
                continue; // unreadable lines were counted above; shared resources belong to no patient
            }
            else if (head.Type is "Patient")
            {
                key = FhirReference.KeyOf(parsed[i]!);
            }
            else if (head.PatientReference is { } literal)
            {
                key = global.KeyOf(new ResourceReference(literal));
            }
            else if (!head.HasPatientElement && head.Type is "RelatedPerson")
            {
                continue;
            }
            else
            {
                // Claim data without a patient is grouped under the grouper's "no patient" key; anything else here
                // (an identifier-only or contained patient reference, a note without a subject) is left to the grouper.
                key = !head.HasPatientElement && PatientRecordGrouper.ClaimDataTypes.Contains(head.Type!) ? PatientRecordGrouper.NoPatientKey : null;
            }

            if (key is null)
            {
                return false;
            }

            if (!groups.TryGetValue(key, out var group))
            {
                group = [];
                groups[key] = group;
                order.Add(key);
            }

            group.Add(i);
        }

        var perRecord = order.AsParallel().AsOrdered().Select(key =>
        {
            var own = new List<Resource>();
            var count = 0;
            List<FhirReadIssue>? found = null;
            foreach (var i in groups[key])
            {
                if (isGlobal[i])
                {
                    if (parsed[i] is { } resource)
                    {
                        own.Add(resource);
                    }

                    continue;
                }

                var read = Read(files, lines[i]);
                own.AddRange(read.Resources);
                count += read.Resources.Count;
                if (read.Issues.Count > 0)
                {
                    (found ??= []).AddRange(read.Issues);
                }
            }

            return (Result: perPatient(PatientRecordGrouper.RecordOf(global, own)), Count: count, Issues: found);
        }).ToList();

        results = perRecord.Select(r => r.Result).ToList();
        resources += perRecord.Sum(r => r.Count);
        issues.AddRange(perRecord.SelectMany(r => r.Issues ?? []));
        return true;
    }

    private static List<(string Path, byte[] Bytes)>? ReadFiles(IReadOnlyList<string> directories)
    {
        try
        {
            var paths = new List<string>();
            foreach (var directory in directories)
            {
                if (!Directory.Exists(directory))
                {
                    return null;
                }

                var inDirectory = Sources.FhirFolderFiles.Enumerate(directory).ToList();
                inDirectory.Sort(StringComparer.Ordinal);
                paths.AddRange(inDirectory);
            }

            if (paths.Exists(path => Path.GetExtension(path).ToLowerInvariant() is not (".ndjson" or ".jsonl") || new FileInfo(path).Length > Array.MaxLength))
            {
                return null;
            }

            return paths.AsParallel().AsOrdered().Select(path => (path, File.ReadAllBytes(path))).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || ex is AggregateException { InnerException: IOException or UnauthorizedAccessException })
        {
            return null; // the whole-export reader reports the file
        }
    }

    /// <summary>The file's non-blank lines, and the lines over the one-resource size limit (skipped).</summary>
    private static (List<Line> Lines, List<(int Number, long Length)> Oversized) SplitLines(byte[] bytes, int file)
    {
        var lines = new List<Line>();
        var oversized = new List<(int Number, long Length)>();
        var (start, number) = (bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0, 0);
        while (start < bytes.Length)
        {
            var newline = bytes.AsSpan(start).IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : start + newline;
            number++;
            var length = end - start;
            if (length > FhirResourceParser.MaxResourceBytes)
            {
                oversized.Add((number, length));
            }
            else if (!bytes.AsSpan(start, length).Trim(" \t\r"u8).IsEmpty)
            {
                lines.Add(new Line(file, start, length, number));
            }

            start = end + 1;
        }

        return (lines, oversized);
    }

    private static ReadOnlyMemory<byte> Bytes(List<(string Path, byte[] Bytes)> files, Line line) => files[line.File].Bytes.AsMemory(line.Start, line.Length);

    private static FhirReadResult Read(List<(string Path, byte[] Bytes)> files, Line line) =>
        FhirResourceReader.ReadJson(Bytes(files, line), $"{files[line.File].Path}:line {line.Number}");

    /// <summary>
    /// Reads the top-level resourceType and the literal <c>reference</c> of each element that may name the patient,
    /// skipping everything else; <see cref="Head.Scanned"/> is false for lines that are not a JSON object.
    /// </summary>
    private static Head Scan(ReadOnlyMemory<byte> utf8Json)
    {
        string? type = null;
        Dictionary<string, string?>? candidates = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json.Span, new JsonReaderOptions { MaxDepth = FhirResourceParser.MaxJsonDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new Head(null, false, null, Scanned: false);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("resourceType"u8);
                string? element = null;
                foreach (var candidate in isType ? [] : PatientElementNames)
                {
                    element ??= reader.ValueTextEquals(candidate) ? candidate : null;
                }

                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (element is not null && reader.TokenType == JsonTokenType.StartObject)
                {
                    (candidates ??= new Dictionary<string, string?>(StringComparer.Ordinal))[element] = ReferenceOf(ref reader);
                    continue;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return new Head(null, false, null, Scanned: false);
        }

        if (type is null || !PatientRecordGrouper.PatientElements.TryGetValue(type, out var elements))
        {
            return new Head(type, false, null, Scanned: type is not null);
        }

        // The first element present decides, as in the grouper; an element without a literal reference leaves none.
        var present = elements.FirstOrDefault(e => candidates?.ContainsKey(e) == true);
        var literal = present is null ? null : candidates![present];
        return new Head(type, present is not null, literal is { Length: > 0 } && literal[0] != '#' ? literal : null, Scanned: true);
    }

    private static readonly string[] PatientElementNames = PatientRecordGrouper.PatientElements.Values.SelectMany(e => e).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The object's <c>reference</c> string (the reader is left on the object's end).</summary>
    private static string? ReferenceOf(ref Utf8JsonReader reader)
    {
        string? literal = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("reference"u8))
            {
                reader.Read();
                literal = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return literal;
    }
}
