using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>In-memory resources by type and id, plus the aliases (Bundle fullUrls) that references may use.</summary>
public sealed partial class FhirResourceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, StoredResource>> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _conditionalCache = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _resources.Values.Sum(r => r.Count);
            }
        }
    }

    public IReadOnlyList<string> Types
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources.Where(r => r.Value.Count > 0).Select(r => r.Key).Order(StringComparer.Ordinal)];
            }
        }
    }

    public StoredResource? Get(string type, string id)
    {
        lock (_gate)
        {
            return _resources.TryGetValue(type, out var byId) && byId.TryGetValue(id, out var resource) ? resource : null;
        }
    }

    public IReadOnlyList<StoredResource> OfType(string type)
    {
        lock (_gate)
        {
            return _resources.TryGetValue(type, out var byId) ? [.. byId.Values.OrderBy(r => r.Sequence)] : [];
        }
    }

    /// <summary>Stores the resource (last write wins). <paramref name="resource"/> must carry resourceType, id and meta.</summary>
    /// <returns>The stored resource and whether it replaced an earlier one with the same type and id.</returns>
    public (StoredResource Stored, bool Replaced) Put(JsonObject resource)
    {
        var snapshot = Snapshot(resource, 0);
        lock (_gate)
        {
            if (!_resources.TryGetValue(snapshot.Type, out var byId))
            {
                byId = new Dictionary<string, StoredResource>(StringComparer.Ordinal);
                _resources[snapshot.Type] = byId;
            }

            var replaced = byId.TryGetValue(snapshot.Id, out var previous);
            var stored = Snapshot(snapshot, previous?.Sequence ?? ++_sequence);
            byId[stored.Id] = stored;
            _conditionalCache.Clear();
            return (stored, replaced);
        }
    }

    /// <summary>An immutable copy of <paramref name="resource"/> that is not stored (e.g. to check it before a write).</summary>
    internal static StoredResource Snapshot(JsonObject resource, long sequence)
    {
        var type = (string?)resource["resourceType"] ?? throw new ArgumentException("resourceType is missing", nameof(resource));
        var id = (string?)resource["id"] ?? throw new ArgumentException("id is missing", nameof(resource));
        var meta = resource["meta"] as JsonObject;
        var versionId = meta?["versionId"] is JsonValue v && v.TryGetValue<string>(out var vid) ? vid : "1";
        DateTimeOffset? lastUpdated = meta?["lastUpdated"] is JsonValue lu && lu.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        var json = resource.ToJsonString();
        using var document = JsonDocument.Parse(json);
        return new StoredResource(type, id, json, document.RootElement.Clone(), versionId, lastUpdated, sequence);
    }

    private static StoredResource Snapshot(StoredResource resource, long sequence) =>
        new(resource.Type, resource.Id, resource.Json, resource.Element, resource.VersionId, resource.LastUpdated, sequence);

    public void AddAlias(string fullUrl, string reference)
    {
        lock (_gate)
        {
            _aliases[fullUrl] = reference;
        }
    }

    /// <summary>
    /// Turns a reference as written in a resource (relative, absolute, urn:uuid fullUrl or conditional
    /// <c>Type?identifier=system|value</c>) into "Type/id", or null when it cannot be resolved.
    /// </summary>
    public string? ResolveReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.StartsWith('#'))
        {
            return null;
        }

        lock (_gate)
        {
            if (_aliases.TryGetValue(reference, out var alias))
            {
                return alias;
            }
        }

        var conditional = ConditionalReferencePattern().Match(reference);
        if (conditional.Success)
        {
            return ResolveConditional(reference, conditional.Groups["type"].Value, Uri.UnescapeDataString(conditional.Groups["identifier"].Value));
        }

        var match = LiteralReferencePattern().Match(reference);
        return match.Success ? $"{match.Groups["type"].Value}/{match.Groups["id"].Value}" : null;
    }

    private string? ResolveConditional(string reference, string type, string identifier)
    {
        lock (_gate)
        {
            if (_conditionalCache.TryGetValue(reference, out var cached))
            {
                return cached;
            }
        }

        var split = identifier.Split('|', 2);
        var (system, value) = split.Length == 2 ? (split[0], split[1]) : (null, split[0]);
        string? found = null;
        foreach (var resource in OfType(type))
        {
            if (resource.Element.TryGetProperty("identifier", out var identifiers) && identifiers.ValueKind == JsonValueKind.Array
                && identifiers.EnumerateArray().Any(i => Matches(i, system, value)))
            {
                found = resource.Reference;
                break;
            }
        }

        lock (_gate)
        {
            _conditionalCache[reference] = found;
        }

        return found;
    }

    private static bool Matches(JsonElement identifier, string? system, string value) =>
        identifier.ValueKind == JsonValueKind.Object
        && identifier.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value
        && (system is null || (identifier.TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == system));

    [GeneratedRegex(@"^(?<type>[A-Z][A-Za-z]+)\?identifier=(?<identifier>[^&]+)$")]
    private static partial Regex ConditionalReferencePattern();

    [GeneratedRegex(@"(?:^|/)(?<type>[A-Z][A-Za-z]+)/(?<id>[A-Za-z0-9\-\.]{1,64})(?:/_history/[^/]+)?$")]
    private static partial Regex LiteralReferencePattern();
}
