using System.Text.Json;
using System.Text.RegularExpressions;

namespace FhirApp.Core.Claims.Sources.Bulk;

/// <summary>One issue of an export's error file: the resource it names (when it names one) and the issue code.</summary>
public sealed partial record BulkExportError(string? ResourceType, string? ResourceId, string Code)
{
    internal static (string? Type, string? Id) FindReference(JsonElement issue)
    {
        foreach (var name in new[] { "expression", "location" })
        {
            if (issue.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var value in values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String))
                {
                    if (Match(value.GetString()!) is { Type: not null } found)
                    {
                        return found;
                    }
                }
            }
        }

        var texts = new List<string?>();
        if (issue.TryGetProperty("diagnostics", out var diagnostics) && diagnostics.ValueKind == JsonValueKind.String)
        {
            texts.Add(diagnostics.GetString());
        }
        if (issue.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            texts.Add(text.GetString());
        }

        return texts.Select(t => Match(t ?? "")).FirstOrDefault(f => f.Type is not null);
    }

    private static (string? Type, string? Id) Match(string text)
    {
        var match = ReferencePattern().Match(text);
        return match.Success ? (match.Groups["type"].Value, match.Groups["id"].Value) : (null, null);
    }

    [GeneratedRegex(@"\b(?<type>[A-Z][A-Za-z]{2,63})/(?<id>[A-Za-z0-9\-\.]{1,64})\b")]
    private static partial Regex ReferencePattern();
}
