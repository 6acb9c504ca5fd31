using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims;

/// <summary>
/// An index over a bag of resources (one patient's, or a whole NDJSON export): built once, then references are
/// resolved from it in O(1). Resolves relative <c>Type/id</c>, absolute URLs ending in <c>Type/id</c>,
/// <c>#contained</c>, Bundle <c>fullUrl</c>s (urn:uuid), conditional <c>Type?identifier=system|value</c> and
/// identifier-only references. Duplicates of one <c>Type/id</c> keep the latest <c>meta.lastUpdated</c>.
/// </summary>
public sealed class PatientRecord
{
    private readonly List<Resource> _resources = [];
    private readonly Dictionary<string, int> _positionByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Resource> _byFullUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Resource>> _byIdentifier = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Resource>> _byType = new(StringComparer.Ordinal);

    private PatientRecord()
    {
    }

    /// <summary>All resources, duplicates removed, in the order first seen.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Indexes the resources (for example <see cref="FhirApp.Core.Claims.Fhir.FhirReadResult.Resources"/>).</summary>
    public static PatientRecord Create(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var record = new PatientRecord();
        foreach (var resource in resources)
        {
            record.Add(resource);
        }

        record.BuildIndexes();
        return record;
    }

    /// <summary>All resources of one type.</summary>
    public IReadOnlyList<T> OfType<T>()
        where T : Resource =>
        _byType.TryGetValue(ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? typeof(T).Name, out var list)
            ? list.Cast<T>().ToList()
            : [];

    /// <summary>A resource by type and id.</summary>
    public T? Find<T>(string id)
        where T : Resource =>
        Find(ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? typeof(T).Name, id) as T;

    /// <summary>A resource by type name and id.</summary>
    public Resource? Find(string type, string id) =>
        _positionByKey.TryGetValue(type + "/" + id, out var position) ? _resources[position] : null;

    /// <summary>Resolves a reference of the given type; null when missing, unresolvable or of another type.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="container">The resource holding the reference, for <c>#id</c> contained references.</param>
    public T? Resolve<T>(ResourceReference? reference, DomainResource? container = null)
        where T : Resource =>
        Resolve(reference, container) as T;

    /// <summary>Resolves a reference; null when missing or unresolvable.</summary>
    public Resource? Resolve(ResourceReference? reference, DomainResource? container = null)
    {
        if (reference is null)
        {
            return null;
        }

        var literal = reference.Reference;
        if (string.IsNullOrEmpty(literal))
        {
            return reference.Identifier is { Value: { Length: > 0 } value } identifier
                ? FindByIdentifier(identifier.System, value, reference.Type)
                : null;
        }

        if (literal[0] == '#')
        {
            return literal.Length == 1 ? container : container?.Contained.Find(c => c.Id == literal[1..]);
        }

        if (_byFullUrl.TryGetValue(literal, out var byUrl))
        {
            return byUrl;
        }

        if (FhirReference.TryParseConditional(literal, out var conditionalType, out var system, out var conditionalValue))
        {
            return FindByIdentifier(system, conditionalValue, conditionalType);
        }

        return FhirReference.TryParseTypeAndId(literal, out var type, out var id) ? Find(type, id) : null;
    }

    /// <summary>
    /// A stable key for what a reference points at ("Patient/1"), also when the target is not in the record;
    /// used to group resources by patient.
    /// </summary>
    public string? KeyOf(ResourceReference? reference, DomainResource? container = null)
    {
        if (Resolve(reference, container) is { } resolved && FhirReference.KeyOf(resolved) is { } key)
        {
            return key;
        }

        var literal = reference?.Reference;
        if (string.IsNullOrEmpty(literal))
        {
            return null;
        }

        return FhirReference.TryParseTypeAndId(literal, out var type, out var id) ? type + "/" + id : literal;
    }

    /// <summary>Resources with the identifier, optionally of one type.</summary>
    public IReadOnlyList<Resource> FindAllByIdentifier(string? system, string value, string? type = null)
    {
        var found = new List<Resource>();
        if (_byIdentifier.TryGetValue(IdentifierKey(system, value), out var list))
        {
            found.AddRange(type is null ? list : list.Where(r => r.TypeName == type));
        }

        // References often carry only the value, or a system the resource spells differently.
        if (system is not null && found.Count == 0 && _byIdentifier.TryGetValue(IdentifierKey(null, value), out var bare))
        {
            found.AddRange(type is null ? bare : bare.Where(r => r.TypeName == type));
        }

        return found;
    }

    internal static IEnumerable<Identifier> IdentifiersOf(Resource resource) => resource switch
    {
        Patient r => r.Identifier,
        Practitioner r => r.Identifier,
        Organization r => r.Identifier,
        PractitionerRole r => r.Identifier,
        Coverage r => r.Identifier,
        Claim r => r.Identifier,
        ClaimResponse r => r.Identifier,
        ExplanationOfBenefit r => r.Identifier,
        Location r => r.Identifier,
        Encounter r => r.Identifier,
        DocumentReference r => r.Identifier,
        Condition r => r.Identifier,
        _ => [],
    };

    private Resource? FindByIdentifier(string? system, string value, string? type)
    {
        var found = FindAllByIdentifier(system, value, string.IsNullOrEmpty(type) ? null : type);
        return found.Count > 0 ? found[0] : null;
    }

    private void Add(Resource resource)
    {
        if (FhirReference.KeyOf(resource) is not { } key)
        {
            _resources.Add(resource);
            return;
        }

        if (!_positionByKey.TryGetValue(key, out var position))
        {
            _positionByKey[key] = _resources.Count;
            _resources.Add(resource);
            return;
        }

        // Same Type/id seen twice (paged searches, several exports): keep the newer version; on a tie the later one.
        var existing = _resources[position];
        if ((resource.Meta?.LastUpdated ?? DateTimeOffset.MinValue) >= (existing.Meta?.LastUpdated ?? DateTimeOffset.MinValue))
        {
            _resources[position] = resource;
        }
    }

    private void BuildIndexes()
    {
        foreach (var resource in _resources)
        {
            if (!_byType.TryGetValue(resource.TypeName, out var typeList))
            {
                typeList = [];
                _byType[resource.TypeName] = typeList;
            }

            typeList.Add(resource);
            if (resource.Annotation<FhirResourceOrigin>()?.FullUrl is { Length: > 0 } fullUrl)
            {
                _byFullUrl.TryAdd(fullUrl, resource);
            }

            foreach (var identifier in IdentifiersOf(resource))
            {
                if (string.IsNullOrEmpty(identifier.Value))
                {
                    continue;
                }

                AddIdentifier(IdentifierKey(identifier.System, identifier.Value), resource);
                if (!string.IsNullOrEmpty(identifier.System))
                {
                    AddIdentifier(IdentifierKey(null, identifier.Value), resource);
                }
            }
        }
    }

    private void AddIdentifier(string key, Resource resource)
    {
        if (!_byIdentifier.TryGetValue(key, out var list))
        {
            list = [];
            _byIdentifier[key] = list;
        }

        list.Add(resource);
    }

    private static string IdentifierKey(string? system, string value) => (system ?? "") + "|" + value;
}
