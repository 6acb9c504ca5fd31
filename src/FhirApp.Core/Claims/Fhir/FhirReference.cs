using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>Parses the literal forms of <c>Reference.reference</c>.</summary>
internal static class FhirReference
{
    /// <summary>"Type/id" for a resource, or null when it has no id.</summary>
    public static string? KeyOf(Resource resource) =>
        string.IsNullOrEmpty(resource.Id) ? null : resource.TypeName + "/" + resource.Id;

    /// <summary>
    /// Finds the trailing <c>Type/id</c> in a relative or absolute reference, ignoring <c>/_history/n</c>:
    /// "Patient/1", "https://ehr/fhir/Patient/1/_history/2" → ("Patient", "1").
    /// </summary>
    public static bool TryParseTypeAndId(string reference, out string type, out string id)
    {
        type = "";
        id = "";
        if (string.IsNullOrEmpty(reference) || reference[0] == '#' || reference.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        var path = history >= 0 ? reference[..history] : reference;
        var last = path.LastIndexOf('/');
        if (last <= 0 || last == path.Length - 1)
        {
            return false;
        }

        var previous = path.LastIndexOf('/', last - 1);
        var candidate = path[(previous + 1)..last];
        if (!ModelInfo.IsKnownResource(candidate))
        {
            return false;
        }

        type = candidate;
        id = path[(last + 1)..];
        return true;
    }

    /// <summary>
    /// Parses a conditional reference "Type?identifier=system|value" (as Synthea writes them) into its parts.
    /// </summary>
    public static bool TryParseConditional(string reference, out string type, out string? system, out string value)
    {
        type = "";
        system = null;
        value = "";
        var query = reference.IndexOf('?', StringComparison.Ordinal);
        if (query <= 0)
        {
            return false;
        }

        type = reference[..query];
        foreach (var parameter in reference[(query + 1)..].Split('&'))
        {
            if (!parameter.StartsWith("identifier=", StringComparison.Ordinal))
            {
                continue;
            }

            var token = Uri.UnescapeDataString(parameter["identifier=".Length..]);
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            system = bar >= 0 ? token[..bar] : null;
            value = bar >= 0 ? token[(bar + 1)..] : token;
            return value.Length > 0;
        }

        return false;
    }
}
