using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scoring;

/// <summary>How model.json is written and read.</summary>
internal static class ModelCardJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
