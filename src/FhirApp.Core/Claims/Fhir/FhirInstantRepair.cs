using System.Collections;
using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Fixes <c>instant</c> elements whose literal was invalid (EHRs often send a date-only DocumentReference.date;
/// Blue Button sends placeholders in meta.lastUpdated). Firely keeps such a literal as text and then throws from the
/// typed getter, so each one is parsed leniently or, failing that, dropped.
/// </summary>
internal static class FhirInstantRepair
{
    private static readonly string[] LenientFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>Repairs the resource in place; returns descriptions ("repaired at X", "dropped at Y").</summary>
    public static IReadOnlyList<string> Repair(Resource resource)
    {
        var changes = new List<string>();
        Walk(resource, resource.TypeName, changes);
        return changes;
    }

    private static void Walk(Base node, string path, List<string> changes)
    {
        foreach (var (name, value) in node.EnumerateElements())
        {
            var childPath = path + "." + name;
            switch (value)
            {
                case Instant { JsonValue: string literal } instant when !Instant.IsValidValue(literal):
                    if (TryParse(literal, out var parsed))
                    {
                        instant.Value = parsed;
                        changes.Add("invalid instant read as UTC at " + childPath);
                    }
                    else
                    {
                        instant.JsonValue = null;
                        changes.Add("invalid instant dropped at " + childPath);
                    }

                    break;
                case PrimitiveType:
                    break;
                case Base child:
                    Walk(child, childPath, changes);
                    break;
                case IEnumerable list and not string:
                    var index = 0;
                    foreach (var item in list)
                    {
                        if (item is Base element and not PrimitiveType)
                        {
                            Walk(element, $"{childPath}[{index.ToString(CultureInfo.InvariantCulture)}]", changes);
                        }

                        index++;
                    }

                    break;
            }
        }
    }

    private static bool TryParse(string literal, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            literal,
            LenientFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
}
