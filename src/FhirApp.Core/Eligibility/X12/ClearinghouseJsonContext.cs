using System.Text.Json.Serialization;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>System.Text.Json source generation for the clearinghouse API (camelCase, as its JSON is).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClearinghouseEligibilityRequest))]
[JsonSerializable(typeof(ClearinghouseEligibilityResponse))]
internal sealed partial class ClearinghouseJsonContext : JsonSerializerContext;
