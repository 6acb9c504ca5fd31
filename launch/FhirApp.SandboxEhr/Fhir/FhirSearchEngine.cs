using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Auth;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>Type-level search with _id, reference parameters, _lastUpdated, status, identifier, paging and includes.</summary>
internal sealed class FhirSearchEngine(FhirResourceStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<Configuration.SandboxOptions> options)
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    private static readonly string[] PatientNamingParameters = ["patient", "subject", "beneficiary", "for"];
    private static readonly string[] IgnoredParameters = ["_format", "_pretty", "_summary", "_total", "_elements", "_contained"];

    public FhirResponse Search(string type, IReadOnlyList<KeyValuePair<string, string>> query, FhirAccess access, string fhirBase, string nextBase, bool strict)
    {
        var grant = access.Check(type, ScopePermissions.Search);
        if (!grant.Allowed)
        {
            return FhirResponse.Error(403, "forbidden", $"The access token has no scope that allows searching {type}.");
        }

        if (grant.CompartmentPatient is { } patient && !NamesPatient(type, query, patient))
        {
            return FhirResponse.Error(403, "forbidden",
                $"A patient-context token may only search its own patient's compartment: add {(type == "Patient" ? "_id" : "patient")}={patient}.");
        }

        if (SystemClaimsSearchRefused(type, query, access, grant) is { } refused)
        {
            return refused;
        }

        var filters = new List<Func<StoredResource, bool>>();
        var applied = new List<KeyValuePair<string, string>>();
        var includes = new List<string>();
        var revIncludes = new List<string>();
        var count = DefaultCount;
        var offset = 0;
        var descending = (bool?)null;
        foreach (var (name, value) in query)
        {
            var error = Apply(type, name, value, filters, includes, revIncludes, ref count, ref offset, ref descending, out var recognized);
            if (error is not null)
            {
                return FhirResponse.Error(400, "invalid", error);
            }

            if (recognized)
            {
                applied.Add(new(name, value));
            }
            else if (strict && !IgnoredParameters.Contains(name))
            {
                return FhirResponse.Error(400, "not-supported", $"The search parameter '{name}' is not supported for {type}.");
            }
        }

        // A patient token's search names its patient (checked above); a user token's spans the patients the user may see.
        IEnumerable<StoredResource> matches = store.OfType(type).Where(r => filters.TrueForAll(f => f(r)) && grant.Covers(store, r));

        if (descending is { } desc)
        {
            matches = desc
                ? matches.OrderByDescending(r => r.LastUpdated ?? DateTimeOffset.MinValue).ThenBy(r => r.Sequence)
                : matches.OrderBy(r => r.LastUpdated ?? DateTimeOffset.MinValue).ThenBy(r => r.Sequence);
        }

        var all = matches.ToList();
        var page = all.Skip(offset).Take(count).ToList();
        var entries = new JsonArray();
        var seen = new HashSet<string>(page.Select(r => r.Reference), StringComparer.Ordinal);
        foreach (var resource in page)
        {
            entries.Add(Entry(resource, "match", fhirBase));
        }

        foreach (var included in Included(type, page, includes, revIncludes, access))
        {
            if (seen.Add(included.Reference))
            {
                entries.Add(Entry(included, "include", fhirBase));
            }
        }

        if (options.Value.LeakOtherPatients && NamedPatient(type, query) is { } own)
        {
            // The misbehaving EHR: the patient parameter ignored, other patients' records and the patients themselves sent along.
            foreach (var leaked in store.OfType(type).Where(r => !PatientCompartment.Contains(store, r, own)).Take(5))
            {
                if (seen.Add(leaked.Reference))
                {
                    entries.Add(Entry(leaked, "match", fhirBase));
                }
            }

            foreach (var stranger in store.OfType("Patient").Where(p => p.Id != own).Take(2))
            {
                if (seen.Add(stranger.Reference))
                {
                    entries.Add(Entry(stranger, "include", fhirBase));
                }
            }
        }

        var links = new JsonArray(Link("self", $"{fhirBase}/{type}", applied, count, offset));
        if (count > 0 && offset + count < all.Count)
        {
            links.Add(Link("next", $"{nextBase}/{type}", applied, count, offset + count));
        }

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["meta"] = new JsonObject { ["lastUpdated"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) },
            ["type"] = "searchset",
            ["total"] = all.Count,
            ["link"] = links,
            ["entry"] = entries,
        };
        return new FhirResponse(200, bundle);
    }

    /// <summary>
    /// A system-wide search of a claims type (ExplanationOfBenefit, ClaimResponse with no patient named) is refused, as
    /// production EHRs refuse it, unless the client's registration opts in (Sandbox:Clients:n:AllowSystemClaimsSearch).
    /// </summary>
    private FhirResponse? SystemClaimsSearchRefused(string type, IReadOnlyList<KeyValuePair<string, string>> query, FhirAccess access, AccessGrant grant)
    {
        if (type is not ("ExplanationOfBenefit" or "ClaimResponse") || grant.CompartmentPatient is not null || grant.PanelPatients is not null
            || query.Any(q => PatientNamingParameters.Contains(q.Key) || q.Key == "_id")
            || !access.Scopes.Any(s => s.Context == "system" && s.Permits(type, ScopePermissions.Search)))
        {
            return null;
        }

        var client = options.Value.Clients.FirstOrDefault(c => string.Equals(c.ClientId, access.ClientId, StringComparison.Ordinal));
        return client?.AllowSystemClaimsSearch == true
            ? null
            : FhirResponse.Error(403, "forbidden",
                $"A search of {type} across all patients is not offered: name a patient, or use Bulk Data ($export) for the practice's Group.");
    }

    private string? Apply(
        string type, string name, string value, List<Func<StoredResource, bool>> filters, List<string> includes, List<string> revIncludes,
        ref int count, ref int offset, ref bool? descending, out bool recognized)
    {
        recognized = true;
        var values = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (name)
        {
            case "_count":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                {
                    return $"_count '{value}' is not a non-negative integer.";
                }

                count = Math.Min(c, MaxCount);
                recognized = false; // re-added explicitly to every link
                return null;
            case "_offset":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var o))
                {
                    return $"_offset '{value}' is not a non-negative integer.";
                }

                offset = o;
                recognized = false;
                return null;
            case "_include":
                includes.Add(value);
                return null;
            case "_revinclude":
                revIncludes.Add(value);
                return null;
            case "_sort":
                if (value is "_lastUpdated" or "-_lastUpdated")
                {
                    descending = value.StartsWith('-');
                    return null;
                }

                recognized = false;
                return null;
            case "_id":
                filters.Add(r => values.Contains(r.Id, StringComparer.Ordinal));
                return null;
            case "_lastUpdated":
                if (!DateRange.TryParse(value, out var prefix, out var range))
                {
                    return $"_lastUpdated '{value}' is not a FHIR date or dateTime.";
                }

                filters.Add(r => r.LastUpdated is { } lastUpdated && range.Matches(prefix, lastUpdated));
                return null;
            case "status":
                filters.Add(r => values.Contains(JsonPaths.String(r.Element, "status"), StringComparer.Ordinal));
                return null;
            case "identifier":
                filters.Add(r => values.Any(v => HasIdentifier(r.Element, v)));
                return null;
            default:
                if (ReferenceSearchParameters.IsKnown(type, name))
                {
                    var paths = ReferenceSearchParameters.Paths(type, name);
                    var targets = values.Select(v => Target(name, v)).ToList();
                    filters.Add(r => paths.SelectMany(p => JsonPaths.References(r.Element, p))
                        .Select(store.ResolveReference)
                        .Any(resolved => resolved is not null && targets.Any(t => t(resolved))));
                    return null;
                }

                recognized = false;
                return null;
        }
    }

    // "Patient/x" or an absolute URL must match type and id; a bare id matches any type (Patient only for "patient").
    private Func<string, bool> Target(string parameter, string value)
    {
        if (value.Contains('/', StringComparison.Ordinal))
        {
            var resolved = store.ResolveReference(value);
            return reference => reference == resolved;
        }

        return parameter == "patient"
            ? reference => reference == $"Patient/{value}"
            : reference => reference.EndsWith($"/{value}", StringComparison.Ordinal);
    }

    private IEnumerable<StoredResource> Included(string type, List<StoredResource> page, List<string> includes, List<string> revIncludes, FhirAccess access)
    {
        foreach (var include in includes)
        {
            var parts = include.Split(':');
            if (parts.Length < 2 || parts[0] != type)
            {
                continue;
            }

            var paths = ReferenceSearchParameters.Paths(type, parts[1]);
            foreach (var resource in page)
            {
                foreach (var reference in paths.SelectMany(p => JsonPaths.References(resource.Element, p)))
                {
                    var resolved = store.ResolveReference(reference)?.Split('/');
                    if (resolved is not [var targetType, var id] || (parts.Length > 2 && parts[2] != targetType))
                    {
                        continue;
                    }

                    if (store.Get(targetType, id) is { } target && access.CanSee(store, target))
                    {
                        yield return target;
                    }
                }
            }
        }

        var pageReferences = page.Select(r => r.Reference).ToHashSet(StringComparer.Ordinal);
        foreach (var revInclude in revIncludes)
        {
            var parts = revInclude.Split(':');
            if (parts.Length < 2)
            {
                continue;
            }

            var paths = ReferenceSearchParameters.Paths(parts[0], parts[1]);
            foreach (var candidate in store.OfType(parts[0]))
            {
                var pointsAtPage = paths.SelectMany(p => JsonPaths.References(candidate.Element, p))
                    .Select(store.ResolveReference)
                    .Any(r => r is not null && pageReferences.Contains(r));
                if (pointsAtPage && access.CanSee(store, candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    /// <summary>The one patient a search names (patient, subject, beneficiary, for; _id for Patient), or null.</summary>
    private static string? NamedPatient(string type, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var names = type == "Patient" ? ["_id"] : PatientNamingParameters;
        var values = query.Where(q => names.Contains(q.Key)).Select(q => q.Value).ToList();
        return values is [var single] && !single.Contains(',', StringComparison.Ordinal) ? single.Split('/')[^1] : null;
    }

    private static bool NamesPatient(string type, IReadOnlyList<KeyValuePair<string, string>> query, string patient)
    {
        var names = type == "Patient" ? ["_id"] : PatientNamingParameters;
        var values = query.Where(q => names.Contains(q.Key))
            .SelectMany(q => q.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return values.Count > 0 && values.TrueForAll(v => PatientCompartment.Names(v, patient));
    }

    /// <summary>The identifier search token <c>[system|]value</c> (an empty system: any system) against a resource.</summary>
    internal static bool HasIdentifier(JsonElement resource, string token)
    {
        var split = token.Split('|', 2);
        var (system, value) = split.Length == 2 ? (split[0], split[1]) : (null, split[0]);
        return JsonPaths.Values(resource, "identifier").Any(i =>
            JsonPaths.String(i, "value") == value && (string.IsNullOrEmpty(system) || JsonPaths.String(i, "system") == system));
    }

    private static JsonObject Entry(StoredResource resource, string mode, string fhirBase) => new()
    {
        ["fullUrl"] = $"{fhirBase}/{resource.Reference}",
        ["resource"] = JsonNode.Parse(resource.Json),
        ["search"] = new JsonObject { ["mode"] = mode },
    };

    private static JsonObject Link(string relation, string url, List<KeyValuePair<string, string>> parameters, int count, int offset)
    {
        var builder = new StringBuilder(url).Append('?');
        foreach (var (name, value) in parameters)
        {
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        builder.Append("_count=").Append(count.ToString(CultureInfo.InvariantCulture));
        if (offset > 0)
        {
            builder.Append("&_offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        }

        return new JsonObject { ["relation"] = relation, ["url"] = builder.ToString() };
    }
}
