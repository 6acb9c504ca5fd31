using System.Text.Json;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>One resource exactly as loaded (plus meta.versionId/lastUpdated), immutable once stored.</summary>
public sealed class StoredResource
{
    internal StoredResource(string type, string id, string json, JsonElement element, string versionId, DateTimeOffset? lastUpdated, long sequence)
    {
        Type = type;
        Id = id;
        Json = json;
        Element = element;
        VersionId = versionId;
        LastUpdated = lastUpdated;
        Sequence = sequence;
    }

    public string Type { get; }

    public string Id { get; }

    public string Reference => $"{Type}/{Id}";

    /// <summary>The resource's JSON text as served.</summary>
    public string Json { get; }

    /// <summary>The same JSON, parsed (immutable, safe to read from many threads).</summary>
    public JsonElement Element { get; }

    public string VersionId { get; }

    public DateTimeOffset? LastUpdated { get; }

    internal long Sequence { get; }
}
