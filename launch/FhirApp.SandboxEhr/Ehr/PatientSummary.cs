using System.Text.Json;
using FhirApp.SandboxEhr.Fhir;

namespace FhirApp.SandboxEhr.Ehr;

internal sealed record PatientSummary(string Id, string Name, string BirthDate)
{
    public static IReadOnlyList<PatientSummary> All(FhirResourceStore store) =>
        [.. store.OfType("Patient").Select(From)];

    public static PatientSummary From(StoredResource patient) =>
        new(patient.Id, DisplayName(patient.Element), JsonPaths.String(patient.Element, "birthDate") ?? "");

    public static string DisplayName(JsonElement resource)
    {
        var name = JsonPaths.Values(resource, "name").FirstOrDefault();
        if (name.ValueKind != JsonValueKind.Object)
        {
            return "(no name)";
        }

        if (JsonPaths.String(name, "text") is { Length: > 0 } text)
        {
            return text;
        }

        var given = JsonPaths.Values(name, "given").Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString());
        return string.Join(' ', given.Append(JsonPaths.String(name, "family")).Where(p => !string.IsNullOrEmpty(p)));
    }
}
