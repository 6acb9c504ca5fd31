using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>
/// What <see cref="BulkFolderExport"/> keeps in the output folder between runs (<see cref="FileName"/>): which export
/// it follows (the request and its status URL), and once complete on the server, the manifest's files with the name
/// each is written under and whether it is written.
/// </summary>
public sealed class BulkFolderExportState
{
    /// <summary>The state file in the output folder; its leading '.' keeps it out of what the folder readers read.</summary>
    public const string FileName = ".fhirapp-export.json";

    /// <summary>Partial downloads and the error files, inside the output folder (hidden from the readers too).</summary>
    public const string WorkFolder = ".fhirapp-export";

    [JsonPropertyName("fhirBase")]
    public string FhirBase { get; set; } = "";

    [JsonPropertyName("kickOff")]
    public string KickOff { get; set; } = "";

    [JsonPropertyName("types")]
    public List<string> Types { get; set; } = [];

    [JsonPropertyName("since")]
    public DateTimeOffset? Since { get; set; }

    [JsonPropertyName("statusUrl")]
    public string? StatusUrl { get; set; }

    [JsonPropertyName("kickedOffAt")]
    public DateTimeOffset KickedOffAt { get; set; }

    /// <summary>Set once the manifest is in hand (the export is complete on the server).</summary>
    [JsonPropertyName("transactionTime")]
    public DateTimeOffset? TransactionTime { get; set; }

    [JsonPropertyName("files")]
    public List<BulkFolderExportFile> Files { get; set; } = [];

    [JsonPropertyName("errorUrls")]
    public List<string> ErrorUrls { get; set; } = [];

    /// <summary>Every file written and the job deleted on the server.</summary>
    [JsonPropertyName("complete")]
    public bool Complete { get; set; }

    /// <summary>Whether this state follows the same export as <paramref name="request"/> from <paramref name="fhirBase"/>.</summary>
    public bool Follows(Uri fhirBase, BulkExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(fhirBase);
        ArgumentNullException.ThrowIfNull(request);
        return FhirBase == fhirBase.ToString() && KickOff == request.Path && Since == request.Since && Types.SequenceEqual(request.Types, StringComparer.Ordinal);
    }
}
