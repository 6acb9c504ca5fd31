using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>One file of a manifest: its resource type, URL and (optional) line count.</summary>
public sealed record BulkExportFile
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    [JsonPropertyName("count")]
    public long? Count { get; init; }
}
