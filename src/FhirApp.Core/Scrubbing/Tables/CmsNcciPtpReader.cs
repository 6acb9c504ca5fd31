using System.Globalization;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Reads a CMS NCCI procedure-to-procedure practitioner file (tab-delimited text as CMS publishes it): column 1, column 2,
/// "*" (in existence before 1996), effective date YYYYMMDD, deletion date YYYYMMDD or "*", modifier indicator 0/1/9, rationale.
/// The copyright and column-heading lines before the first edit are skipped; a bad line after that is counted and described.
/// </summary>
public static class CmsNcciPtpReader
{
    public static TableReadResult<NcciPair> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<NcciPair>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = line.Split('\t');
            var first = fields[0].Trim().ToUpperInvariant();
            if (rows.Count == 0 && log.Count == 0 && !CodePatterns.IsProcedureCode(first))
            {
                // Preamble: the AMA notice and the two-line column headings.
                continue;
            }
            if (Parse(fields) is { } pair)
            {
                rows.Add(pair);
            }
            else
            {
                log.Skip(lineNumber, Reason(fields));
            }
        }
        return log.Result<NcciPair>(rows);
    }

    private static NcciPair? Parse(string[] fields)
    {
        if (fields.Length < 6)
        {
            return null;
        }
        var column1 = fields[0].Trim().ToUpperInvariant();
        var column2 = fields[1].Trim().ToUpperInvariant();
        if (!CodePatterns.IsProcedureCode(column1) || !CodePatterns.IsProcedureCode(column2)
            || CmsDates.ParseCompact(fields[3]) is not { } effective
            || !CmsDates.TryParseDeletion(fields[4], out var deleted)
            || fields[5].Trim() is not ("0" or "1" or "9"))
        {
            return null;
        }
        return new NcciPair(column1, column2, effective, deleted, fields[5].Trim()[0] - '0');
    }

    private static string Reason(string[] fields)
    {
        if (fields.Length < 6)
        {
            return $"expected 6 or more tab-separated fields (column 1, column 2, *, effective, deletion, modifier), found {fields.Length}";
        }
        if (!CodePatterns.IsProcedureCode(fields[0].Trim().ToUpperInvariant()) || !CodePatterns.IsProcedureCode(fields[1].Trim().ToUpperInvariant()))
        {
            return "column 1 and column 2 must be 5-character procedure codes";
        }
        if (CmsDates.ParseCompact(fields[3]) is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"effective date '{fields[3].Trim()}' is not YYYYMMDD");
        }
        if (!CmsDates.TryParseDeletion(fields[4], out _))
        {
            return $"deletion date '{fields[4].Trim()}' is neither YYYYMMDD nor *";
        }
        return $"modifier indicator '{fields[5].Trim()}' is not 0, 1 or 9";
    }
}
