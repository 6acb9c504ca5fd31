using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The appeal content files (criteria.json, units.json, guidelines.json, appeal-templates/*.liquid), loaded from one
/// folder (by default AppealsContent beside the binaries). Files, not code, so a practice can edit them; the version is
/// recorded in every packet. A bad file fails the load, naming the file and the entry.
/// </summary>
public sealed record AppealContent
{
    public required string Version { get; init; }

    public required IReadOnlyList<CriterionSet> Sets { get; init; }

    public required IReadOnlyList<UnitRule> UnitRules { get; init; }

    public required IReadOnlyList<GuidelineReference> Guidelines { get; init; }

    /// <summary>Template source by name: "default", or a payer Organization id for that payer's override.</summary>
    public required IReadOnlyDictionary<string, string> Templates { get; init; }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "AppealsContent");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static AppealContent Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Appeals content directory '{directory}' does not exist.");
        }

        var criteria = Read<CriteriaFile>(Path.Combine(directory, "criteria.json"));
        var units = Read<UnitsFile>(Path.Combine(directory, "units.json"));
        var guidelines = Read<GuidelinesFile>(Path.Combine(directory, "guidelines.json"));
        var templates = Directory.EnumerateFiles(Path.Combine(directory, "appeal-templates"), "*.liquid")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText, StringComparer.Ordinal);
        if (!templates.ContainsKey("default"))
        {
            throw new InvalidOperationException($"No appeal-templates/default.liquid in '{directory}'.");
        }

        Validate(criteria.Sets);
        return new AppealContent { Version = criteria.Version, Sets = criteria.Sets, UnitRules = units.Rules, Guidelines = guidelines.References, Templates = templates };
    }

    /// <summary>The most specific set of the mechanism that matches the line (procedures, modifiers, diagnoses), else its generic set.</summary>
    public CriterionSet? SetFor(AppealMechanism mechanism, string? code, IReadOnlyCollection<string> modifiers, IReadOnlyCollection<string> diagnoses) =>
        Sets.Where(s => s.Mechanism == mechanism && s.Matches(code, modifiers, diagnoses))
            .OrderByDescending(s => s.Specificity)
            .FirstOrDefault();

    /// <summary>The unit rule for a code, or null.</summary>
    public UnitRule? UnitRuleFor(string? code) => code is null ? null : UnitRules.FirstOrDefault(r => r.Codes.Any(p => CodePattern.Matches(p, code)));

    private static void Validate(IReadOnlyList<CriterionSet> sets)
    {
        foreach (var set in sets)
        {
            if (set.Criteria.Count == 0)
            {
                throw new InvalidOperationException($"criteria.json: set '{set.Id}' has no criteria.");
            }

            foreach (var criterion in set.Criteria)
            {
                if ((criterion.Check is null) == (criterion.Fact is null))
                {
                    throw new InvalidOperationException($"criteria.json: criterion '{set.Id}/{criterion.Id}' needs exactly one of 'check' and 'fact'.");
                }

                if (criterion.Check is { } check && !EvidenceChecks.IsKnown(check))
                {
                    throw new InvalidOperationException($"criteria.json: criterion '{set.Id}/{criterion.Id}' names an unknown check '{check}'.");
                }

                if (criterion.Fact is { } fact && !AppealFacts.IsKnown(fact))
                {
                    throw new InvalidOperationException($"criteria.json: criterion '{set.Id}/{criterion.Id}' names an unknown fact '{fact}'.");
                }

                if (criterion.Check is not null && (string.IsNullOrWhiteSpace(criterion.Question) || string.IsNullOrWhiteSpace(criterion.Query)))
                {
                    throw new InvalidOperationException($"criteria.json: criterion '{set.Id}/{criterion.Id}' needs a query and a question for an addendum request.");
                }
            }
        }

        // Every mechanism an appeal argues has a generic set: no appealable line is ever left with "no criteria apply".
        foreach (var mechanism in DenialMechanisms.Argued.Where(m => !sets.Any(s => s.Mechanism == m && s.Procedures.Count == 0 && s.Modifiers.Count == 0 && s.DiagnosisPrefixes.Count == 0)))
        {
            throw new InvalidOperationException($"criteria.json: no generic set (without procedures) for the mechanism '{Names.Of(mechanism)}'.");
        }
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            throw new InvalidOperationException($"Cannot read {path}: {ex.Message}", ex);
        }
    }

    private sealed record CriteriaFile(string Version, IReadOnlyList<CriterionSet> Sets);

    private sealed record UnitsFile(string Version, IReadOnlyList<UnitRule> Rules);

    private sealed record GuidelinesFile(IReadOnlyList<GuidelineReference> References);

    private static class Names
    {
        public static string Of(AppealMechanism m) => JsonNamingPolicy.KebabCaseLower.ConvertName(m.ToString());
    }
}
