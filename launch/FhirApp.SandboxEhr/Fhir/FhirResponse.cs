using System.Text.Json.Nodes;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>The outcome of one FHIR interaction, rendered either as an HTTP response or as a batch-response entry.</summary>
/// <param name="Resource">When set, the body is this stored resource's JSON exactly as held.</param>
/// <param name="Minimal">The client asked for Prefer: return=minimal: headers (Location, ETag) but no body.</param>
internal sealed record FhirResponse(int Status, JsonNode? Body, StoredResource? Resource = null, string? Location = null, bool Minimal = false)
{
    public static FhirResponse Of(StoredResource resource, int status = 200, string? location = null) => new(status, null, resource, location);

    public static FhirResponse Error(int status, string code, string diagnostics) =>
        new(status, OperationOutcomes.Create(code, diagnostics));

    public JsonNode? BodyNode => Resource is not null ? JsonNode.Parse(Resource.Json) : Body?.DeepClone();

    public string BodyText => Minimal ? "" : Resource?.Json ?? Body?.ToJsonString() ?? "";
}
