using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirApp.SandboxEhr.Fhir;

internal sealed class CapabilityStatementBuilder(FhirResourceStore store, TimeProvider time)
{
    private static readonly string[] CommonSearchParameters = ["_id", "_lastUpdated", "status", "identifier"];

    public JsonObject Build(string baseUrl)
    {
        var resources = new JsonArray();
        foreach (var type in store.Types.Union(FhirResourceTypes.Writable).Order(StringComparer.Ordinal))
        {
            var interactions = new JsonArray(Code("read"), Code("search-type"));
            if (FhirResourceTypes.Writable.Contains(type))
            {
                interactions.Add(Code("create"));
                interactions.Add(Code("update"));
            }

            var searchParameters = new JsonArray();
            foreach (var name in CommonSearchParameters)
            {
                searchParameters.Add(SearchParameter(name, name == "_lastUpdated" ? "date" : "token"));
            }

            foreach (var name in ReferenceSearchParameters.NamesFor(type))
            {
                searchParameters.Add(SearchParameter(name, "reference"));
            }

            var names = ReferenceSearchParameters.NamesFor(type);
            var resource = new JsonObject
            {
                ["type"] = type,
                ["interaction"] = interactions,
                ["searchInclude"] = new JsonArray([.. names.Select(n => (JsonNode)$"{type}:{n}")]),
                ["searchRevInclude"] = new JsonArray([.. RevIncludesFor(type).Select(n => (JsonNode)n)]),
                ["searchParam"] = searchParameters,
            };
            if (type is "Patient" or "Group")
            {
                resource["operation"] = new JsonArray(ExportOperation(type));
            }

            resources.Add(resource);
        }

        if (!store.Types.Contains("Group"))
        {
            // Groups are defined in Sandbox:Export:Groups, not loaded; the type still offers $export.
            resources.Add(new JsonObject { ["type"] = "Group", ["operation"] = new JsonArray(ExportOperation("Group")) });
        }

        return new JsonObject
        {
            ["resourceType"] = "CapabilityStatement",
            ["status"] = "active",
            ["date"] = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["kind"] = "instance",
            ["software"] = new JsonObject { ["name"] = "FhirApp Sandbox EHR" },
            ["implementation"] = new JsonObject { ["description"] = "Strict local SMART on FHIR sandbox", ["url"] = baseUrl + "/fhir" },
            ["fhirVersion"] = "4.0.1",
            ["instantiates"] = new JsonArray("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"),
            ["format"] = new JsonArray("json", "application/fhir+json"),
            ["rest"] = new JsonArray(new JsonObject
            {
                ["mode"] = "server",
                ["security"] = Security(baseUrl),
                ["resource"] = resources,
                ["interaction"] = new JsonArray(Code("batch")),
            }),
        };
    }

    private static JsonObject Security(string baseUrl) => new()
    {
        ["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
            ["extension"] = new JsonArray(
                new JsonObject { ["url"] = "authorize", ["valueUri"] = baseUrl + "/connect/authorize" },
                new JsonObject { ["url"] = "token", ["valueUri"] = baseUrl + "/connect/token" }),
        }),
        ["service"] = new JsonArray(new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject
            {
                ["system"] = "http://terminology.hl7.org/CodeSystem/restful-security-service",
                ["code"] = "SMART-on-FHIR",
            }),
        }),
    };

    private static IEnumerable<string> RevIncludesFor(string type) => type switch
    {
        "Claim" => ["ClaimResponse:request", "ExplanationOfBenefit:claim"],
        "Patient" => ["DocumentReference:subject", "Coverage:beneficiary"],
        "Encounter" => ["DocumentReference:encounter"],
        _ => [],
    };

    private static JsonObject ExportOperation(string type) => new()
    {
        ["name"] = "export",
        ["definition"] = $"http://hl7.org/fhir/uv/bulkdata/OperationDefinition/{type.ToLowerInvariant()}-export",
    };

    private static JsonObject Code(string code) => new() { ["code"] = code };

    private static JsonObject SearchParameter(string name, string type) => new() { ["name"] = name, ["type"] = type };
}
