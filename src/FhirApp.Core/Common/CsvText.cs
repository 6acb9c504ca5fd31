using System.Text;

namespace FhirApp.Core.Common;

/// <summary>
/// RFC 4180 fields: quoted only when they hold a comma, quote or line break; quotes doubled. Rows end in CRLF. A field
/// a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return, and not a plain number)
/// is written with a leading apostrophe: a payer name or note from the EHR must not become a formula in Excel.
/// </summary>
public static class CsvText
{
    public const string RowEnd = "\r\n";

    /// <summary>Appends one field (nothing for null or empty).</summary>
    public static StringBuilder AppendField(StringBuilder row, string? value)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (string.IsNullOrEmpty(value))
        {
            return row;
        }

        value = Neutralize(value);
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return row.Append(value);
        }

        return row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>The value, with a leading apostrophe when a spreadsheet would read it as a formula (OWASP CSV injection).</summary>
    public static string Neutralize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;
    }

    /// <summary>One row of fields, with its line end.</summary>
    public static string Row(params IEnumerable<string?> fields)
    {
        var row = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                row.Append(',');
            }

            AppendField(row, field);
            first = false;
        }

        return row.Append(RowEnd).ToString();
    }
}
