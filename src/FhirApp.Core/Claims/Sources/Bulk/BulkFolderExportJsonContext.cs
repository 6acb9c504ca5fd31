using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BulkFolderExportState))]
internal sealed partial class BulkFolderExportJsonContext : JsonSerializerContext;
