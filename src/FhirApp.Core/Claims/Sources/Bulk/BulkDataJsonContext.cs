using System.Text.Json.Serialization;

namespace FhirApp.Core.Claims.Sources.Bulk;

[JsonSerializable(typeof(BulkExportManifest))]
internal sealed partial class BulkDataJsonContext : JsonSerializerContext;
