using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Reads one (non-Bundle) resource: strict Firely deserialization, then <see cref="FhirParseIssueClassifier"/> decides
/// whether the result is usable. Shared by files, NDJSON and live EHR responses so all three judge a resource alike.
/// </summary>
internal static class FhirResourceParser
{
    /// <summary>
    /// Nesting limit of one JSON document (a Bundle file, an NDJSON line, an HTTP response): deeper documents are refused
    /// whole, before anything recursive sees them. Set high so that a too-deep resource inside a Bundle usually costs
    /// only its entry (see <see cref="MaxResourceDepth"/>); 1000 is also Utf8JsonWriter's own default limit.
    /// </summary>
    public const int MaxJsonDepth = 1000;

    /// <summary>
    /// Nesting limit of one resource (objects and arrays, the resource itself counting 1). The shared real-world samples
    /// stay below 20; EHRs nest extensions deeper than System.Text.Json's default of 64, so the limit is twice that.
    /// </summary>
    public const int MaxResourceDepth = 128;

    /// <summary>Size limit of one resource's JSON (8 MiB): room for an embedded note or PDF, not for a runaway export line.</summary>
    public const int MaxResourceBytes = 8 * 1024 * 1024;

    /// <summary>Strict mode reports every issue; the classifier then decides which ones are survivable.</summary>
    public static FhirJsonDeserializer CreateDeserializer() => new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The resource (or null with <paramref name="skipReason"/>), and a note when it was read leniently. Messages never quote values.</summary>
    public static Resource? Parse(FhirJsonDeserializer deserializer, ReadOnlySpan<byte> utf8Json, string type, out string? skipReason, out string? lenientNote)
    {
        skipReason = null;
        lenientNote = null;
        if (utf8Json.Length > MaxResourceBytes)
        {
            skipReason = TooLarge(utf8Json.Length);
            return null;
        }

        if (NestsDeeperThan(utf8Json, MaxResourceDepth))
        {
            skipReason = $"refused: nested deeper than {MaxResourceDepth} levels, the limit for one resource";
            return null;
        }

        Resource? resource;
        List<CodedException> issues;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
            deserializer.TryDeserializeResource(ref reader, out resource, out var found);
            issues = found.ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the SDK throws for one resource must not lose the rest of a Bundle or an export.
            skipReason = $"could not be deserialized ({ex.GetType().Name})";
            return null;
        }

        if (resource is null || issues.Exists(FhirParseIssueClassifier.IsFatal))
        {
            skipReason = "unusable content: " + FhirParseIssueClassifier.Describe(issues.Where(FhirParseIssueClassifier.IsFatal), type);
            return null;
        }

        if (issues.Count > 0)
        {
            lenientNote = "read leniently: " + FhirParseIssueClassifier.Describe(issues, type);
            if (issues.Exists(i => i.ErrorCode == FhirParseIssueClassifier.InvalidLiteralCode))
            {
                var repairs = FhirInstantRepair.Repair(resource);
                lenientNote += repairs.Count > 0 ? "; " + string.Join("; ", repairs) : "";
            }
        }
        return resource;
    }

    /// <summary>The message for JSON over <see cref="MaxResourceBytes"/>.</summary>
    public static string TooLarge(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"refused: {bytes:N0} bytes of JSON, over the {MaxResourceBytes / (1024 * 1024)} MiB limit for one resource");

    /// <summary>
    /// Whether the JSON nests objects/arrays deeper than <paramref name="limit"/> (the top level counting 1). Scans with a
    /// forward-only reader (no recursion), so it is safe on hostile input; malformed JSON answers false and is left to the parser.
    /// </summary>
    public static bool NestsDeeperThan(ReadOnlySpan<byte> utf8Json, int limit)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = limit + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= limit)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
