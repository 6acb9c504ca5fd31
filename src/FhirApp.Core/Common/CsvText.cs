using System.Text;

namespace FhirApp.Core.Common;

/// <summary>RFC 4180 fields: quoted only when they hold a comma, quote or line break; quotes doubled. Rows end in CRLF.</summary>
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

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return row.Append(value);
        }

        return row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
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
