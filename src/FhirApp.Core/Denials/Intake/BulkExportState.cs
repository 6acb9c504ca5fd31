using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// The export in flight, persisted so that a restarted app (or another node of the cluster) resumes it instead of
/// starting another: its status URL, the files already stored and how many lines of the current one. Kept as JSON in
/// the source's <c>$export</c> checkpoint row, whose <c>LastUpdated</c> is the last completed export's transactionTime.
/// </summary>
public sealed class BulkExportState
{
    public const string CheckpointType = "$export";

    [JsonPropertyName("statusUrl")]
    public string? StatusUrl { get; set; }

    [JsonPropertyName("kickedOffAt")]
    public DateTimeOffset? KickedOffAt { get; set; }

    /// <summary>The server's X-Progress text, or our own ("Storing file 2 of 5").</summary>
    [JsonPropertyName("progress")]
    public string? Progress { get; set; }

    [JsonPropertyName("progressAt")]
    public DateTimeOffset? ProgressAt { get; set; }

    [JsonPropertyName("filesDone")]
    public List<string> FilesDone { get; set; } = [];

    [JsonPropertyName("currentFile")]
    public string? CurrentFile { get; set; }

    [JsonPropertyName("linesDone")]
    public long LinesDone { get; set; }

    [JsonPropertyName("kickOffs")]
    public int KickOffs { get; set; }

    public static BulkExportState Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new BulkExportState();
        }
        try
        {
            return JsonSerializer.Deserialize(json, BulkExportStateJsonContext.Default.BulkExportState) ?? new BulkExportState();
        }
        catch (JsonException)
        {
            return new BulkExportState();
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, BulkExportStateJsonContext.Default.BulkExportState);
}

[JsonSerializable(typeof(BulkExportState))]
internal sealed partial class BulkExportStateJsonContext : JsonSerializerContext;
