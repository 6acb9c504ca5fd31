using System.Globalization;
using System.Text;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Reads a CMS MUE practitioner services file (CSV): HCPCS/CPT code, MUE value, MUE adjudication indicator as text
/// ("2 Date of Service Edit: Policy"), rationale. The notice and heading lines before the first row are skipped; a bad
/// line after that is counted and described.
/// </summary>
public static class CmsMueReader
{
    public static TableReadResult<MueLimit> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<MueLimit>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = SplitCsv(line);
            var code = fields[0].Trim().ToUpperInvariant();
            if (rows.Count == 0 && log.Count == 0 && !CodePatterns.IsProcedureCode(code))
            {
                continue;
            }
            if (fields.Count < 3)
            {
                log.Skip(lineNumber, $"expected 3 or more comma-separated fields (code, MUE value, adjudication indicator), found {fields.Count}");
            }
            else if (!CodePatterns.IsProcedureCode(code))
            {
                log.Skip(lineNumber, $"'{fields[0].Trim()}' is not a 5-character procedure code");
            }
            else if (!int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var units))
            {
                log.Skip(lineNumber, $"MUE value '{fields[1].Trim()}' is not a whole number");
            }
            else if (fields[2].Trim() is not { Length: > 0 } mai || mai[0] is not ('1' or '2' or '3'))
            {
                log.Skip(lineNumber, $"adjudication indicator '{fields[2].Trim()}' does not start with 1, 2 or 3");
            }
            else
            {
                rows.Add(new MueLimit(code, units, mai[0] - '0'));
            }
        }
        return log.Result<MueLimit>(rows);
    }

    /// <summary>Splits one CSV line, honouring double quotes (rationales contain commas).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
