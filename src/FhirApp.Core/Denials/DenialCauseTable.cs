using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Denials;

/// <summary>
/// The CARC / RARC → cause table (Content/carc-categories.json, shipped as DenialsContent/) and the P(overturn) per
/// category used by triage. Immutable after load: safe to share between threads and tenants.
/// </summary>
public sealed class DenialCauseTable
{
    public const string FileName = "carc-categories.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, DenialCause> _carc;
    private readonly Dictionary<string, DenialCause> _rarc;
    private readonly Dictionary<string, double> _overturn;

    private DenialCauseTable(string version, Dictionary<string, DenialCause> carc, Dictionary<string, DenialCause> rarc, Dictionary<string, double> overturn)
    {
        Version = version;
        _carc = carc;
        _rarc = rarc;
        _overturn = overturn;
    }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "DenialsContent");

    /// <summary>The table's version, recorded with each work item.</summary>
    public string Version { get; }

    public IReadOnlyCollection<string> Carcs => _carc.Keys;

    public IReadOnlyCollection<string> Rarcs => _rarc.Keys;

    /// <summary>Loads the table from a folder (default: DenialsContent beside the binaries). A bad file fails loudly, naming itself.</summary>
    public static DenialCauseTable Load(string? directory = null)
    {
        var path = Path.Combine(directory ?? DefaultDirectory, FileName);
        try
        {
            var file = JsonSerializer.Deserialize<TableFile>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException("empty file");
            var overturn = new Dictionary<string, double>(file.OverturnProbability, StringComparer.Ordinal);
            if (!overturn.ContainsKey("default") || overturn.Values.Any(p => p is < 0 or > 1))
            {
                throw new InvalidOperationException("overturnProbability needs a 'default' and values between 0 and 1");
            }

            return new DenialCauseTable(
                file.Version,
                new Dictionary<string, DenialCause>(file.Carc, StringComparer.OrdinalIgnoreCase),
                new Dictionary<string, DenialCause>(file.Rarc, StringComparer.OrdinalIgnoreCase),
                overturn);
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Denial category table '{path}' is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the table lists this CARC.</summary>
    public bool Lists(string carc) => _carc.ContainsKey(carc);

    /// <summary>
    /// The cause of a denial: the CARC's entry, unless the CARC is generic (or unlisted) and a listed RARC is more specific.
    /// </summary>
    public DenialCause Classify(string? carc, IEnumerable<string> rarcs)
    {
        ArgumentNullException.ThrowIfNull(rarcs);
        var byCarc = carc is not null && _carc.TryGetValue(carc, out var found) ? found : null;
        if (byCarc is null || byCarc.Generic)
        {
            foreach (var rarc in rarcs)
            {
                if (_rarc.TryGetValue(rarc, out var byRarc))
                {
                    return byRarc;
                }
            }
        }

        return byCarc ?? DenialCause.Unknown;
    }

    /// <summary>P(overturn) for a category: the table's figure, else its documented default.</summary>
    public double OverturnProbability(DenialCategory category) =>
        _overturn.TryGetValue(DenialNames.Of(category), out var p) ? p : _overturn["default"];

    private sealed record TableFile(
        string Version,
        Dictionary<string, DenialCause> Carc,
        Dictionary<string, DenialCause> Rarc,
        Dictionary<string, double> OverturnProbability);
}
