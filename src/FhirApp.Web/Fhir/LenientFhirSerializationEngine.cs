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
        var node = JsonNode.Parse(data) as JsonObject ?? throw new FormatException("The EHR response is not a JSON object.");
        return Read(node, "response") ?? throw new FormatException(_skipped.Count > 0 ? _skipped[^1].Message : "The EHR response could not be read.");
    }

    private Resource? Read(JsonObject node, string where)
    {
        if (node["resourceType"]?.GetValueKind() != JsonValueKind.String || (string?)node["resourceType"] != "Bundle" || node["entry"] is not JsonArray entries)
        {
            return TryDeserialize(node, where);
        }

        // Detach entry resources, read the Bundle shell, then read each resource alone and put it back.
        var resources = new JsonObject?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is JsonObject entry && entry["resource"] is JsonObject resource)
            {
                entry.Remove("resource");
                resources[i] = resource;
            }
        }
        if (TryDeserialize(node, where) is not Bundle bundle)
        {
            return null;
        }
        for (var i = 0; i < resources.Length && i < bundle.Entry.Count; i++)
        {
            if (resources[i] is { } resource)
            {
                bundle.Entry[i].Resource = Read(resource, $"{where} entry {i}");
            }
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
