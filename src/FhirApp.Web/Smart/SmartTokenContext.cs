using System.Text.Json;

namespace FhirApp.Web.Smart;

/// <summary>The launch context fields of a SMART token response. Unknown keys are ignored.</summary>
public sealed record SmartTokenContext(
    string? Patient,
    string? Encounter,
    IReadOnlyList<string> FhirContext,
    bool NeedPatientBanner,
    string? Intent,
    string? SmartStyleUrl,
    string? Tenant,
    IReadOnlyList<string> Scopes)
{
    public static SmartTokenContext Parse(JsonElement response)
    {
        string? Str(string name) => response.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

        var fhirContext = new List<string>();
        if (response.TryGetProperty("fhirContext", out var ctx) && ctx.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in ctx.EnumerateArray())
            {
                // SMART 2.0 objects carry `reference` (or `canonical`/`identifier`); 1.x servers sent plain strings.
                var text = item.ValueKind switch
                {
                    JsonValueKind.String => item.GetString(),
                    JsonValueKind.Object when item.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String => r.GetString(),
                    JsonValueKind.Object when item.TryGetProperty("canonical", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrEmpty(text))
                {
                    fhirContext.Add(text);
                }
            }
        }

        // need_patient_banner defaults to true: only an explicit false hides our banner.
        var banner = !(response.TryGetProperty("need_patient_banner", out var b)
            && (b.ValueKind == JsonValueKind.False || (b.ValueKind == JsonValueKind.String && b.GetString() == "false")));

        return new SmartTokenContext(
            Str("patient"),
            Str("encounter"),
            fhirContext,
            banner,
            Str("intent"),
            Str("smart_style_url"),
            Str("tenant"),
            Str("scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
    }
}
