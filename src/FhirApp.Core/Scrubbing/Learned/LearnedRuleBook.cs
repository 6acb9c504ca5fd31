using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// The rules learned from one practice's adjudication history (rules are learned
/// as well as written): the payers seen, the rules kept with their evidence, the thresholds used and what was skipped. Serialized
/// as JSON (`fhirapp rules learn --out rules.json`); <see cref="Version"/> is a hash of the rules, so two minings that
/// learned the same rules have the same version, and findings cite it. Immutable: safe to share between threads.
/// </summary>
public sealed record LearnedRuleBook
{
    /// <summary>The file format's name, checked on load.</summary>
    public const string FormatName = "fhirapp-learned-rules";

    /// <summary>The current file format; a file of a newer format is refused.</summary>
    public const int CurrentFormatVersion = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Hash of the payers and rules (12 hex digits); "empty" for a book with no rules and no payers.</summary>
    public string Version { get; init; } = "empty";

    /// <summary>The day the history was mined (the clock's, not the history's).</summary>
    public DateOnly? MinedOn { get; init; }

    public LearnedHistorySummary History { get; init; } = new();

    public MiningThresholds Thresholds { get; init; } = new();

    public IReadOnlyList<LearnedPayer> Payers { get; init; } = [];

    public IReadOnlyList<LearnedRule> Rules { get; init; } = [];

    /// <summary>No payers and no rules: scrubbing with it is scrubbing without one.</summary>
    [JsonIgnore]
    public bool IsEmpty => Payers.Count == 0 && Rules.Count == 0;

    /// <summary>A book with nothing learned.</summary>
    public static LearnedRuleBook Empty { get; } = new();

    /// <summary>The book with its <see cref="Version"/> computed from its payers and rules.</summary>
    public LearnedRuleBook WithVersion()
    {
        if (IsEmpty)
        {
            return this with { Version = "empty" };
        }

        var content = JsonSerializer.SerializeToUtf8Bytes(new { Payers, Rules }, Json);
        return this with { Version = Convert.ToHexStringLower(SHA256.HashData(content))[..12] };
    }

    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, ToJson(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Reads a rule book; a file that is not one (or of a newer format) fails with a message naming it.</summary>
    public static LearnedRuleBook Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Learned rule book '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static LearnedRuleBook FromJson(string json)
    {
        var book = JsonSerializer.Deserialize<LearnedRuleBook>(json, Json) ?? throw new InvalidOperationException("the file is empty");
        if (book.Format != FormatName)
        {
            throw new InvalidOperationException($"format '{book.Format}' is not {FormatName}");
        }

        if (book.FormatVersion > CurrentFormatVersion)
        {
            throw new InvalidOperationException($"format version {book.FormatVersion} is newer than this program reads ({CurrentFormatVersion})");
        }

        return book;
    }
}
