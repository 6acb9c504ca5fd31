using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>
/// Deterministic, seeded mutations of real FHIR resources for the fuzz test: structural ones on the JSON tree (drop,
/// retype, wrong primitives, invalid dates/decimals, unknown resourceType, broken references, huge strings, deep
/// nesting) and textual ones on the serialized text (duplicate property, truncation, random bytes).
/// </summary>
internal sealed class FhirMutator(int seed)
{
    private static readonly string[] BadDates = ["2023-02-30", "2023-13-01", "99999-99-99", "yesterday", "2023-01-01T25:61:00Z", "", "0000-00-00", "2023-1-1"];
    private static readonly JsonNode?[] BadDecimals = [JsonValue.Create("12.3.4"), JsonValue.Create("NaN"), JsonValue.Create(1e300), JsonValue.Create(-0.000000000000000000001m), JsonValue.Create("1e400"), JsonValue.Create(true), null];
    private static readonly string[] BadReferences = ["", "Patient/", "urn:uuid:", "../../../etc/passwd", "http://evil.example/fhir/Patient/1", "#missing", "Claim/a/_history/", "Patient/\u0000", "Organization/" + new string('x', 300), "/"];
    private static readonly string[] UnknownTypes = ["Claimz", "", "claim", "Bundle ", "ExplanationOfBenefit2", "Patient\u0000"];

    private readonly Random _random = new(seed);

    public enum Kind
    {
        DropField,
        RetypeField,
        WrongPrimitive,
        InvalidDate,
        InvalidDecimal,
        UnknownResourceType,
        BrokenReference,
        HugeString,
        DeepNesting,
        DuplicateField,
        Truncate,
        RandomBytes,
    }

    /// <summary>Mutations that keep the text one well-formed JSON object (so a Bundle entry can carry them).</summary>
    public static bool IsStructural(Kind kind) => kind < Kind.DuplicateField;

    public Kind NextKind(bool structuralOnly) => (Kind)_random.Next(structuralOnly ? (int)Kind.DuplicateField : Enum.GetValues<Kind>().Length);

    /// <summary>Applies one structural mutation to a copy of the resource.</summary>
    public JsonObject Mutate(JsonObject resource, Kind kind)
    {
        var copy = (JsonObject)resource.DeepClone();
        switch (kind)
        {
            case Kind.DropField:
                if (PickProperty(copy, _ => true) is var (parent, name) && name != "resourceType")
                {
                    parent.Remove(name);
                }

                break;
            case Kind.RetypeField:
                Replace(copy, _ => true, node => node switch
                {
                    JsonObject => new JsonArray(JsonValue.Create(1)),
                    JsonArray => new JsonObject { ["x"] = 1 },
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsonObject { ["value"] = v.ToString() },
                    _ => JsonValue.Create("text"),
                });
                break;
            case Kind.WrongPrimitive:
                Replace(copy, n => n is JsonValue, node => node!.GetValueKind() switch
                {
                    JsonValueKind.String => _random.Next(2) == 0 ? JsonValue.Create(42) : JsonValue.Create(false),
                    JsonValueKind.Number => JsonValue.Create("forty-two"),
                    _ => JsonValue.Create(3.5),
                });
                break;
            case Kind.InvalidDate:
                Replace(copy, n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String && LooksLikeDate(v.ToString()), _ => JsonValue.Create(Pick(BadDates)));
                break;
            case Kind.InvalidDecimal:
                Replace(copy, n => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number, _ => Pick(BadDecimals)?.DeepClone());
                break;
            case Kind.UnknownResourceType:
                copy["resourceType"] = _random.Next(4) == 0 ? JsonValue.Create(7) : JsonValue.Create(Pick(UnknownTypes));
                break;
            case Kind.BrokenReference:
                if (!Replace(copy, n => n?.Parent is JsonObject p && p["reference"] == n, _ => JsonValue.Create(Pick(BadReferences))))
                {
                    copy["subject"] = new JsonObject { ["reference"] = Pick(BadReferences) };
                }

                break;
            case Kind.HugeString:
                // Mostly large-but-legal strings; now and then one over the 8 MiB per-resource limit.
                var length = _random.Next(500) == 0 ? 9 * 1024 * 1024 : _random.Next(10_000, 60_000);
                var huge = new string((char)('a' + _random.Next(26)), length);
                if (!Replace(copy, n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String, _ => JsonValue.Create(huge)))
                {
                    copy["id"] = huge;
                }

                break;
            case Kind.DeepNesting:
                JsonNode deep = new JsonObject { ["url"] = "http://example.org/leaf", ["valueString"] = "leaf" };
                // Each wrap adds two levels (an object and its extension array): about half stay legal, half pass the 128-level limit.
                var wraps = _random.Next(2) == 0 ? _random.Next(66, 200) : _random.Next(5, 60);
                for (var i = 0; i < wraps; i++)
                {
                    deep = new JsonObject { ["url"] = "http://example.org/x", ["extension"] = new JsonArray(deep) };
                }

                copy["extension"] = new JsonArray(deep);
                break;
        }

        return copy;
    }

    /// <summary>Applies one textual mutation; the result may not be JSON, or even UTF-8.</summary>
    public byte[] MutateText(string json, Kind kind)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (kind)
        {
            case Kind.DuplicateField:
                var at = json.IndexOf('{', StringComparison.Ordinal) + 1;
                var duplicate = _random.Next(3) switch
                {
                    0 => "\"resourceType\":\"Patient\",",
                    1 => "\"id\":\"dup\",",
                    _ => "\"status\":{\"nested\":true},",
                };
                return Encoding.UTF8.GetBytes(json.Insert(at, duplicate));
            case Kind.Truncate:
                return bytes[..Math.Max(1, _random.Next(bytes.Length))];
            case Kind.RandomBytes:
                var count = 1 + _random.Next(8);
                for (var i = 0; i < count; i++)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }

                return bytes;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a textual mutation");
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    private static bool LooksLikeDate(string value) => value.Length >= 4 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[3]) && (value.Length == 4 || value[4] == '-');

    /// <summary>Replaces one randomly chosen node (below the root, not resourceType) matching the filter.</summary>
    private bool Replace(JsonObject root, Func<JsonNode?, bool> filter, Func<JsonNode?, JsonNode?> replacement)
    {
        var candidates = new List<(JsonNode Parent, string? Name, int Index, JsonNode? Node)>();
        Collect(root, candidates, filter);
        if (candidates.Count == 0)
        {
            return false;
        }

        var (parent, name, index, node) = Pick(candidates);
        var value = replacement(node);
        if (parent is JsonObject o)
        {
            o[name!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }

        return true;
    }

    private (JsonObject Parent, string Name)? PickProperty(JsonObject root, Func<JsonNode?, bool> filter)
    {
        var candidates = new List<(JsonNode Parent, string? Name, int Index, JsonNode? Node)>();
        Collect(root, candidates, filter);
        var properties = candidates.Where(c => c.Parent is JsonObject).ToList();
        if (properties.Count == 0)
        {
            return null;
        }

        var (parent, name, _, _) = Pick(properties);
        return ((JsonObject)parent, name!);
    }

    private static void Collect(JsonNode parent, List<(JsonNode, string?, int, JsonNode?)> into, Func<JsonNode?, bool> filter)
    {
        // Iterative walk: mutated trees may be deep.
        var stack = new Stack<JsonNode>();
        stack.Push(parent);
        while (stack.TryPop(out var current))
        {
            if (current is JsonObject o)
            {
                foreach (var (name, child) in o)
                {
                    if (!(current == parent && name == "resourceType") && filter(child))
                    {
                        into.Add((o, name, -1, child));
                    }

                    if (child is JsonObject or JsonArray)
                    {
                        stack.Push(child);
                    }
                }
            }
            else if (current is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    if (filter(a[i]))
                    {
                        into.Add((a, null, i, a[i]));
                    }

                    if (a[i] is JsonObject or JsonArray)
                    {
                        stack.Push(a[i]!);
                    }
                }
            }
        }
    }
}
