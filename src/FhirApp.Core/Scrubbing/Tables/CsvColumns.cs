namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>Finds columns by heading in CSV files CMS publishes (or a practice converts from xlsx), whatever the spacing and case.</summary>
internal static class CsvColumns
{
    /// <summary>The index of the first field whose heading, letters and digits only, upper case ("Act Eff Dt" is ACTEFFDT), is one of the names; -1 when none.</summary>
    public static int IndexOf(IReadOnlyList<string> fields, params string[] names)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var heading = string.Concat(fields[i].Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
            if (names.Contains(heading, StringComparer.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
