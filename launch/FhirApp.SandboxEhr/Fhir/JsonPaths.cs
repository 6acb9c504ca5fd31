using System.Text.Json;

namespace FhirApp.SandboxEhr.Fhir;

internal static class JsonPaths
{
    /// <summary>All values at a dotted path, flattening arrays at every step.</summary>
    public static IEnumerable<JsonElement> Values(JsonElement root, string path)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var segment in path.Split('.'))
        {
            current = current.SelectMany(element => Children(element, segment)).ToList();
        }

        return current;
    }

    /// <summary>The <c>reference</c> strings of the Reference objects at a dotted path.</summary>
    public static IEnumerable<string> References(JsonElement root, string path) =>
        Values(root, path)
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("reference").GetString()!);

    public static string? String(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static List<JsonElement> Children(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var child))
        {
            return [];
        }

        return child.ValueKind == JsonValueKind.Array ? child.EnumerateArray().ToList() : [child];
    }
}
