using System.Text.Json.Nodes;

namespace FhirApp.SandboxEhr.Fhir;

internal static class OperationOutcomes
{
    public static JsonObject Create(string code, string diagnostics, string severity = "error") => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject
        {
            ["severity"] = severity,
            ["code"] = code,
            ["diagnostics"] = diagnostics,
        }),
    };
}
