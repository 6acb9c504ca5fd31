using System.Globalization;
using System.Text.RegularExpressions;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Picks the newest of several CMS downloads named by year and release month (HCPC2026_JAN_ANWEB_v2.txt,
/// PPRRVU26_APR.csv, PPRRVU2025_Oct_nonQPP.csv). Ordinal order would rank an April release before January's.
/// </summary>
internal static partial class CmsFileOrder
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    public static string? Newest(IEnumerable<string> paths) =>
        paths.OrderBy(Year).ThenBy(Month).ThenBy(Path.GetFileName, StringComparer.Ordinal).LastOrDefault();

    /// <summary>The two-digit year of the release ("2026" and "26" are both 26); 0 when the name has none.</summary>
    private static int Year(string path) =>
        YearPattern().Match(Path.GetFileName(path)) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>1-12 for the first month abbreviation in the name; 0 when there is none (an annual file).</summary>
    private static int Month(string path) =>
        MonthPattern().Match(Path.GetFileName(path)) is { Success: true } m ? Array.IndexOf(Months, m.Value.ToUpperInvariant()) + 1 : 0;

    [GeneratedRegex("(?<![0-9])(?:19|20)?([0-9]{2})(?![0-9])")]
    private static partial Regex YearPattern();

    [GeneratedRegex("JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC", RegexOptions.IgnoreCase)]
    private static partial Regex MonthPattern();
}
