using System.Globalization;

namespace FhirApp.Core.Scoring;

/// <summary>
/// The CARC → <see cref="DenialCategory"/> table in Scoring/Content/carc-categories.csv (embedded). Group codes do not
/// change the category: PR-27 and CO-27 are both eligibility. CARCs 1, 2, 3, 45 and 253 are not denials and have no
/// category; an unlisted CARC is <see cref="DenialCategory.Other"/>.
/// </summary>
public static class CarcCategories
{
    private const string NotADenial = "NotADenial";

    private static readonly Lazy<Table> Loaded = new(Load);

    /// <summary>The table's rows: CARC → category, or null for the codes that are never denials.</summary>
    public static IReadOnlyDictionary<string, DenialCategory?> Rows => Loaded.Value.Rows;

    /// <summary>
    /// The category of a CARC ("197"), a labelled reason ("CO-197", "PR27") or null when the code is not a denial
    /// (CO-45, PR-1/2/3, CO-253).
    /// </summary>
    public static DenialCategory? Of(string carcOrLabel)
    {
        ArgumentNullException.ThrowIfNull(carcOrLabel);
        var code = carcOrLabel.Trim().ToUpperInvariant();
        if (code.Length > 2 && code[..2] is "CO" or "CR" or "OA" or "PI" or "PR")
        {
            code = code[2..].TrimStart('-');
        }

        return Rows.TryGetValue(code, out var category) ? category : DenialCategory.Other;
    }

    private static Table Load()
    {
        using var stream = typeof(CarcCategories).Assembly.GetManifestResourceStream("FhirApp.Core.Scoring.carc-categories.csv")
            ?? throw new InvalidOperationException("The embedded CARC category table is missing from FhirApp.Core.");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, DenialCategory?>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 2)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"carc-categories.csv: bad line '{line}'."));
            }

            rows[parts[0].Trim().ToUpperInvariant()] = parts[1].Trim() == NotADenial ? null : Enum.Parse<DenialCategory>(parts[1].Trim());
        }

        return new Table(rows);
    }

    private sealed record Table(Dictionary<string, DenialCategory?> Rows);
}
