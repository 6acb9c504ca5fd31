namespace FhirApp.Core.Claims;

/// <summary>
/// The one place a payer is given its key. A payer the practice configured (one payer policy file each) is known by
/// its key, by its identifiers (the Organization id in another EHR, the NIIP / X12 payer id) and by the names in its
/// explicit alias table; any of these, matched whole, files it under its key. Nothing is matched by substring or
/// similarity: "Acme Health Plan" and "Acme Health Plan of Texas" stay two payers unless an alias says otherwise.
/// A payer the directory does not know keeps its <see cref="PayerIdentity.RawKey"/>. Ids and aliases compare
/// case-insensitively (payer ids are codes, and "ACME" and "Acme" are one configured spelling).
/// </summary>
public sealed class PayerDirectory
{
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Entry> _byAlias = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="InvalidOperationException">Two payers claim the same id or alias.</exception>
    public PayerDirectory(IEnumerable<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            foreach (var id in entry.Identifiers.Prepend(entry.Key).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Claim(_byId, id, entry, "identifier");
            }

            foreach (var alias in entry.Aliases.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Claim(_byAlias, alias, entry, "alias");
            }
        }
    }

    public static PayerDirectory Empty { get; } = new([]);

    /// <summary>The key the payer is filed under, or null when nothing names it.</summary>
    public string? KeyOf(PayerIdentity? payer)
    {
        if (payer is null)
        {
            return null;
        }

        foreach (var id in payer.Identifiers.Prepend(payer.Id).OfType<string>())
        {
            if (_byId.TryGetValue(id.Trim(), out var byId))
            {
                return byId.Key;
            }
        }

        return payer.Name is { } name && _byAlias.TryGetValue(name.Trim(), out var byAlias) ? byAlias.Key : payer.RawKey;
    }

    /// <summary>The key of a payer seen only as one string (a stored payer id, a rule's payer, a route key): an id or an alias, matched whole.</summary>
    public string? KeyOf(string? idOrAlias)
    {
        if (string.IsNullOrWhiteSpace(idOrAlias))
        {
            return null;
        }

        var text = idOrAlias.Trim();
        return _byId.TryGetValue(text, out var byId) ? byId.Key : _byAlias.TryGetValue(text, out var byAlias) ? byAlias.Key : text;
    }

    /// <summary>Every id the payer is known by (its key first), for lookups in tables keyed by any of them; the key alone for a payer the directory does not know.</summary>
    public IReadOnlyList<string> IdsOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _byId.TryGetValue(key, out var entry) ? [entry.Key, .. entry.Identifiers] : [key];
    }

    private static void Claim(Dictionary<string, Entry> table, string name, Entry entry, string what)
    {
        if (table.TryGetValue(name, out var other) && !string.Equals(other.Key, entry.Key, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The {what} '{name}' is claimed by two payers, '{other.Key}' and '{entry.Key}'; a payer's ids and aliases must be its own.");
        }

        table[name] = entry;
    }

    /// <summary>One configured payer: its key, its other identifiers and its alias names.</summary>
    public sealed record Entry(string Key, IReadOnlyList<string> Identifiers, IReadOnlyList<string> Aliases);
}
