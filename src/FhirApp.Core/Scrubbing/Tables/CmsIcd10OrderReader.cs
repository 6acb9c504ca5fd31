namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// Reads the CMS / CDC ICD-10-CM order file (<c>icd10cm_order_YYYY.txt</c>, fixed width): order number (columns 1–5),
/// code without its dot (7–13), billable flag 0 = header / 1 = valid for submission (15), then descriptions, which are
/// not kept. A bad line is counted and described.
/// </summary>
public static class CmsIcd10OrderReader
{
    public static TableReadResult<IcdCode> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var log = new SkippedLineLog(fileName);
        var rows = new List<IcdCode>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (line.Length < 15)
            {
                log.Skip(lineNumber, $"line is {line.Length} characters; the order file needs at least 15 (order, code, billable flag)");
                continue;
            }
            var code = line[6..13].Trim().ToUpperInvariant();
            if (!line[..5].All(char.IsAsciiDigit))
            {
                log.Skip(lineNumber, "columns 1-5 are not an order number");
            }
            else if (!CodePatterns.IsIcd10Cm(code))
            {
                log.Skip(lineNumber, $"'{code}' in columns 7-13 is not an ICD-10-CM code");
            }
            else if (line[14] is not ('0' or '1'))
            {
                log.Skip(lineNumber, $"billable flag in column 15 is '{line[14]}', not 0 or 1");
            }
            else
            {
                rows.Add(new IcdCode(code, line[14] == '1'));
            }
        }
        return log.Result<IcdCode>(rows);
    }
}
