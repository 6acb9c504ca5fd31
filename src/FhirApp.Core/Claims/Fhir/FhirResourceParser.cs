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
    public const int MaxJsonDepth = 256;

    /// <summary>Strict mode reports every issue; the classifier then decides which ones are survivable.</summary>
    public static FhirJsonDeserializer CreateDeserializer() => new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The resource (or null with <paramref name="skipReason"/>), and a note when it was read leniently. Messages never quote values.</summary>
    public static Resource? Parse(FhirJsonDeserializer deserializer, ReadOnlySpan<byte> utf8Json, string type, out string? skipReason, out string? lenientNote)
    {
        skipReason = null;
        lenientNote = null;
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
}
