using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The appeal content files (criteria.json, guidelines.json, appeal-templates/*.liquid), loaded from one folder
/// (by default AppealsContent beside the binaries). Files, not code, so a practice can edit them; the version is
/// recorded in every packet.
/// </summary>
public sealed record AppealContent
{
    public required string Version { get; init; }

    public required IReadOnlyList<CriterionSet> Sets { get; init; }

    public required IReadOnlyList<GuidelineReference> Guidelines { get; init; }

    /// <summary>Template source by name: "default", or a payer Organization id for that payer's override.</summary>
    public required IReadOnlyDictionary<string, string> Templates { get; init; }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "AppealsContent");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static AppealContent Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Appeals content directory '{directory}' does not exist.");
        }

        var criteria = Read<CriteriaFile>(Path.Combine(directory, "criteria.json"));
        var guidelines = Read<GuidelinesFile>(Path.Combine(directory, "guidelines.json"));
        var templates = Directory.EnumerateFiles(Path.Combine(directory, "appeal-templates"), "*.liquid")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText, StringComparer.Ordinal);
        if (!templates.ContainsKey("default"))
        {
            throw new InvalidOperationException($"No appeal-templates/default.liquid in '{directory}'.");
        }

        foreach (var criterion in criteria.Sets.SelectMany(s => s.Criteria))
        {
            if (!EvidenceChecks.IsKnown(criterion.Check))
            {
                throw new InvalidOperationException($"criteria.json: criterion '{criterion.Id}' names an unknown check '{criterion.Check}'.");
            }

            if (string.IsNullOrWhiteSpace(criterion.Question))
            {
                throw new InvalidOperationException($"criteria.json: criterion '{criterion.Id}' has no question for an addendum request.");
            }
        }

        return new AppealContent { Version = criteria.Version, Sets = criteria.Sets, Guidelines = guidelines.References, Templates = templates };
    }

    private static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new InvalidOperationException($"Cannot read {path}: {ex.Message}", ex);
        }
    }

    private sealed record CriteriaFile(string Version, IReadOnlyList<CriterionSet> Sets);

    private sealed record GuidelinesFile(IReadOnlyList<GuidelineReference> References);
}

/// <summary>What an appeal for one kind of service and denial must show.</summary>
public sealed record CriterionSet
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>Procedure codes, or numeric ranges "00100-01999".</summary>
    public IReadOnlyList<string> Procedures { get; init; } = [];

    /// <summary>When given, the line must carry one of these modifiers.</summary>
    public IReadOnlyList<string> Modifiers { get; init; } = [];

    /// <summary>When given, the claim must have a diagnosis starting with one of these (dots ignored).</summary>
    public IReadOnlyList<string> DiagnosisPrefixes { get; init; } = [];

    /// <summary>The CARCs this set answers on a denied line.</summary>
    public IReadOnlyList<string> Carcs { get; init; } = [];

    public IReadOnlyList<Criterion> Criteria { get; init; } = [];
}

/// <summary>
/// One thing the chart must show, how to find it (BM25 query), how to tell that a sentence shows it (check), and the
/// neutral documentation query for the clinician when the chart lacks it ({date}, {code} filled from the claim line).
/// </summary>
public sealed record Criterion(string Id, string Text, string Query, string Check, string? Question = null);

/// <summary>A guideline or policy cited for a criterion set; <c>payer</c> "*" means any payer.</summary>
public sealed record GuidelineReference(string Payer, [property: JsonPropertyName("set")] string SetId, string Text);
