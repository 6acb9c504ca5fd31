using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>The completion manifest a Bulk Data status URL answers with (200).</summary>
public sealed record BulkExportManifest
{
    [JsonPropertyName("transactionTime")]
    public DateTimeOffset TransactionTime { get; init; }

    [JsonPropertyName("request")]
    public string? Request { get; init; }

    [JsonPropertyName("requiresAccessToken")]
    public bool RequiresAccessToken { get; init; }

    [JsonPropertyName("output")]
    public IReadOnlyList<BulkExportFile> Output { get; set; } = [];

    [JsonPropertyName("error")]
    public IReadOnlyList<BulkExportFile> Error { get; set; } = []; // set, not init: the source-generated reader leaves a missing array at its default only for settable properties
}
