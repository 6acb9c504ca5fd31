using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Web.Fhir;

/// <summary>
/// The FhirClient's JSON engine for EHR responses. Unknown elements and codes (common in real EHR payloads) are
/// accepted; a Bundle entry that still cannot be read is dropped on its own and recorded with its type and id, so one
/// bad resource never fails the page. Nested Bundles (batch-response entries) get the same treatment.
/// </summary>
public sealed class LenientFhirSerializationEngine : IFhirSerializationEngine
{
    // One per engine: an engine serves one FhirClient, which is one unit of work.
    private readonly FhirJsonDeserializer _deserializer = FhirResourceParser.CreateDeserializer();

    private readonly List<SkippedResource> _skipped = [];

    public IReadOnlyList<SkippedResource> Skipped => _skipped;

    public Resource DeserializeFromJson(string data)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(data, documentOptions: new JsonDocumentOptions { MaxDepth = FhirResourceParser.MaxJsonDepth }) as JsonObject
                ?? throw new FormatException("The EHR response is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException(FhirResourceParser.NestsDeeperThan(Encoding.UTF8.GetBytes(data), FhirResourceParser.MaxJsonDepth)
                ? $"The EHR response nests deeper than {FhirResourceParser.MaxJsonDepth} levels, the limit for one document."
                : $"The EHR response is not valid JSON (line {ex.LineNumber + 1}).", ex);
        }
        return Read(node, "response") ?? throw new FormatException(_skipped.Count > 0 ? _skipped[^1].Message : "The EHR response could not be read.");
    }

    private Resource? Read(JsonObject node, string where)
    {
        if (node["resourceType"]?.GetValueKind() != JsonValueKind.String || (string?)node["resourceType"] != "Bundle" || node["entry"] is not JsonArray entries)
        {
            return TryDeserialize(node, where);
        }

        // Read the Bundle without its entries, then each entry envelope and each resource on its own: whatever is
        // wrong with one entry costs only that entry. A dropped entry leaves an empty placeholder so batch-response
        // entries stay aligned with their requests.
        var list = entries.ToList();
        entries.Clear();
        node.Remove("entry");
        if (TryDeserialize(node, where) is not Bundle bundle)
        {
            return null;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var entryWhere = $"{where} entry {i}";
            var component = new Bundle.EntryComponent();
            if (list[i] is JsonObject entry)
            {
                var resource = entry["resource"] as JsonObject;
                entry.Remove("resource");
                var shell = new JsonObject { ["resourceType"] = "Bundle", ["type"] = node["type"]?.DeepClone(), ["entry"] = new JsonArray(entry) };
                if (TryDeserialize(shell, entryWhere) is Bundle { Entry: [var read] })
                {
                    component = read;
                    component.Resource = resource is null ? null : Read(resource, entryWhere);
                }
            }
            else
            {
                _skipped.Add(new SkippedResource("Bundle", null, $"{entryWhere}: not a JSON object"));
            }
            bundle.Entry.Add(component);
        }
        return bundle;
    }

    private Resource? TryDeserialize(JsonObject node, string where)
    {
        var type = node["resourceType"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : "(no resourceType)";
        var id = node["id"] is JsonValue i && i.TryGetValue<string>(out var idValue) ? idValue : null;
        var resource = FhirResourceParser.Parse(_deserializer, Encoding.UTF8.GetBytes(node.ToJsonString()), type, out var skipReason, out _);
        if (resource is null)
        {
            _skipped.Add(new SkippedResource(type, id, $"{where}: {skipReason}"));
        }
        return resource;
    }

    public Resource DeserializeFromXml(string data) => throw new NotSupportedException("FhirApp asks EHRs for JSON only.");

    public string SerializeToJson(Resource instance) => new FhirJsonSerializer().SerializeToString(instance);

    public string SerializeToXml(Resource instance) => throw new NotSupportedException("FhirApp sends JSON only.");
}
