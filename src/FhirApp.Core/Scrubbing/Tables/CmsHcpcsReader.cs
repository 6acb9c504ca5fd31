using System.Globalization;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Reads the CMS alpha-numeric HCPCS file (HCPC20xx_JAN_ANWEB.txt and its quarterly updates). Fixed width, 320 columns:
/// HCPCS code (1–5), sequence number (6–10), record identification code (11: 3 first line of a procedure, 4 its
/// continuation, 7 / 8 modifiers), descriptions and pricing data (not kept), code added date (269–276), action effective
/// date (277–284), termination date (285–292), all YYYYMMDD. The CSV saved from CMS's xlsx is read by its headings
/// (HCPC, RECID, ADD DT, ACT EFF DT, TERM DT). Only procedure records are kept; a code is valid from its add date
/// (the action effective date when there is none) through its termination date.
/// </summary>
public static class CmsHcpcsReader
{
    private static readonly string[] DateFormats = ["yyyyMMdd", "yyyy-MM-dd", "M/d/yyyy"];

    public static TableReadResult<HcpcsCode> ReadFixedWidth(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<HcpcsCode>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (line.Length < 11 || !line[5..10].All(char.IsAsciiDigit) || line[10] is not ('3' or '4' or '7' or '8'))
            {
                // The disclaimer paragraphs come before the first record.
                if (rows.Count > 0 || log.Count > 0)
                {
                    log.Skip(lineNumber, "columns 6-11 are not a sequence number and a record identification code 3, 4, 7 or 8");
                }
                continue;
            }
            if (line[10] != '3')
            {
                // Continuation lines of long descriptions (4) and modifiers (7, 8) carry no code dates.
                continue;
            }
            if (line.Length < 276)
            {
                log.Skip(lineNumber, $"line is {line.Length} characters; a procedure record has its add date in columns 269-276");
                continue;
            }
            var padded = line.PadRight(292);
            Add(rows, log, lineNumber, line[..5], padded[268..276], padded[276..284], padded[284..292]);
        }
        return log.Result<HcpcsCode>(rows);
    }

    public static TableReadResult<HcpcsCode> ReadCsv(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<HcpcsCode>();
        int code = -1, record = -1, added = -1, effective = -1, terminated = -1;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = CmsMueReader.SplitCsv(line);
            if (code < 0)
            {
                // Notice rows come before the heading row; nothing is read until it is found.
                code = CsvColumns.IndexOf(fields, "HCPC", "HCPCS", "HCPCSCODE");
                record = CsvColumns.IndexOf(fields, "RECID", "RECORDIDENTIFICATIONCODE");
                added = CsvColumns.IndexOf(fields, "ADDDT", "CODEADDEDDATE", "ADDDATE");
                effective = CsvColumns.IndexOf(fields, "ACTEFFDT", "ACTIONEFFECTIVEDATE");
                terminated = CsvColumns.IndexOf(fields, "TERMDT", "TERMINATIONDATE");
                if (code >= 0 && (added < 0 || terminated < 0))
                {
                    log.Skip(lineNumber, "the heading row has no ADD DT or TERM DT column; no code dates can be read");
                    break;
                }
                continue;
            }
            var last = new[] { code, record, added, effective, terminated }.Max();
            if (fields.Count <= last)
            {
                log.Skip(lineNumber, string.Create(CultureInfo.InvariantCulture, $"expected {last + 1} or more comma-separated fields, found {fields.Count}"));
            }
            else if ((record < 0 || fields[record].Trim() == "3") && fields[code].Trim().Length != 2)
            {
                // Without a record id column, a two-character code is a modifier.
                Add(rows, log, lineNumber, fields[code], fields[added], effective < 0 ? "" : fields[effective], fields[terminated]);
            }
        }
        return log.Result<HcpcsCode>(rows);
    }

    private static void Add(List<HcpcsCode> rows, SkippedLineLog log, int lineNumber, string codeText, string addedText, string effectiveText, string terminatedText)
    {
        var code = codeText.Trim().ToUpperInvariant();
        if (!CodePatterns.IsHcpcsLevel2(code))
        {
            log.Skip(lineNumber, $"'{code}' is not a HCPCS Level II code (a letter A-V and 4 digits)");
        }
        else if (!TryParseDate(addedText, out var added) || !TryParseDate(effectiveText, out var effective) || !TryParseDate(terminatedText, out var terminated))
        {
            log.Skip(lineNumber, $"dates '{addedText.Trim()}', '{effectiveText.Trim()}', '{terminatedText.Trim()}' (added, action effective, terminated) are not all YYYYMMDD or blank");
        }
        else
        {
            rows.Add(new HcpcsCode(code, added ?? effective, terminated));
        }
    }

    private static bool TryParseDate(string text, out DateOnly? date)
    {
        date = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }
        if (DateOnly.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        return false;
    }
}
