using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>One output file of a folder export: its type and URL from the manifest, the name it is written under, and whether it is written.</summary>
public sealed class BulkFolderExportFile
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The line count the manifest gave, when it gave one.</summary>
    [JsonPropertyName("count")]
    public long? Count { get; set; }

    [JsonPropertyName("bytes")]
    public long? Bytes { get; set; }

    [JsonPropertyName("written")]
    public bool Written { get; set; }
}
