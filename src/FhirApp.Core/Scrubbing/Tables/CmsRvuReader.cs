using System.Globalization;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Reads the global surgical period from the CMS Medicare Physician Fee Schedule relative value file (PPRRVU*.csv in
/// the RVU zip): HCPCS, MOD, description, status code, RVUs … GLOB DAYS (000, 010, 090, or XXX / YYY / ZZZ / MMM where
/// no fixed period applies). The GLOB DAYS and MOD columns are found by heading (the notice and multi-line headings come
/// first), else taken at their documented positions 15 and 2. Descriptions are not kept.
/// </summary>
public static class CmsRvuReader
{
    private const int DefaultGlobalColumn = 14;
    private const int DefaultModifierColumn = 1;

    private static readonly string[] NoFixedPeriod = ["XXX", "YYY", "ZZZ", "MMM"];

    public static TableReadResult<Row> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<Row>();
        int global = DefaultGlobalColumn, modifier = DefaultModifierColumn;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = CmsMueReader.SplitCsv(line);
            var code = fields[0].Trim().ToUpperInvariant();
            if (rows.Count == 0 && code == "HCPCS")
            {
                // The heading row ("HCPCS" is itself shaped like a procedure code).
                global = CsvColumns.IndexOf(fields, "GLOBDAYS", "GLOB") is >= 0 and var g ? g : global;
                modifier = CsvColumns.IndexOf(fields, "MOD") is >= 0 and var m ? m : modifier;
                continue;
            }
            if (rows.Count == 0 && log.Count == 0 && !CodePatterns.IsProcedureCode(code))
            {
                continue;
            }
            var indicator = fields.Count > global ? fields[global].Trim().ToUpperInvariant() : null;
            if (!CodePatterns.IsProcedureCode(code))
            {
                log.Skip(lineNumber, $"'{fields[0].Trim()}' is not a 5-character procedure code");
            }
            else if (indicator is null)
            {
                log.Skip(lineNumber, string.Create(CultureInfo.InvariantCulture, $"expected {global + 1} or more comma-separated fields (GLOB DAYS in column {global + 1}), found {fields.Count}"));
            }
            else if (Days(indicator) is var days && days is null && !NoFixedPeriod.Contains(indicator, StringComparer.Ordinal))
            {
                log.Skip(lineNumber, $"GLOB DAYS '{indicator}' is not 000, 010, 090, XXX, YYY, ZZZ or MMM");
            }
            else
            {
                rows.Add(new Row(code, fields.Count > modifier ? fields[modifier].Trim().ToUpperInvariant() : "", days));
            }
        }
        return log.Result<Row>(rows);
    }

    /// <summary>000, 010 and 090 (also without leading zeros, as a spreadsheet writes them back); null otherwise.</summary>
    private static int? Days(string indicator) =>
        int.TryParse(indicator, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is 0 or 10 or 90 ? days : null;

    /// <summary>One row: the code, its modifier (26, TC, 53… or empty) and the global period in days; null for XXX, YYY, ZZZ and MMM.</summary>
    public sealed record Row(string Code, string Modifier, int? GlobalDays);
}
