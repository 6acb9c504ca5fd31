using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace FhirApp.Web.Denials;

/// <summary>The worklist as the biller sees it (same columns, same words), as CSV and as an Excel workbook (ClosedXML).</summary>
public static class WorklistExport
{
    private static readonly string[] Headers =
        ["Patient", "Payer", "Date of service", "Claim number", "CPT", "Reason", "Amount", "Deadline", "Days to deadline", "Assignee", "Status", "Follow-up date", "Next action"];

    private static object?[] Values(WorklistRow r, Func<string?, string> user) =>
    [
        r.Patient, r.Payer, r.ServiceDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.ClaimNumber, r.Cpt, r.Reason, r.Amount,
        r.Item.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.DaysLeft, user(r.Item.Assignee), r.Status,
        r.FollowUp?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.NextAction,
    ];

    public static string Csv(IEnumerable<WorklistRow> rows, Func<string?, string> user)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder().AppendJoin(',', Headers).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', Values(row, user).Select(v => Cell(Convert.ToString(v, CultureInfo.InvariantCulture)))).Append("\r\n");
        }

        return csv.ToString();
    }

    public static byte[] Xlsx(IEnumerable<WorklistRow> rows, Func<string?, string> user)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Denials");
        for (var c = 0; c < Headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Headers[c];
        }

        var line = 2;
        foreach (var row in rows)
        {
            var values = Values(row, user);
            for (var c = 0; c < values.Length; c++)
            {
                var cell = sheet.Cell(line, c + 1);
                switch (values[c])
                {
                    case decimal money:
                        cell.Value = money;
                        cell.Style.NumberFormat.Format = "$#,##0.00";
                        break;
                    case int days:
                        cell.Value = days;
                        break;
                    case string text:
                        // Text stays text: a claim number or CPT must not turn into a number or a date.
                        cell.SetValue(text);
                        cell.DataType = XLDataType.Text;
                        break;
                }
            }

            line++;
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, line - 1), Headers.Length).SetAutoFilter();
        // Fixed widths: AdjustToContents measures fonts through System.Drawing, which is Windows-only on .NET 8+.
        int[] widths = [22, 22, 14, 18, 10, 30, 12, 12, 10, 22, 20, 14, 34];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static string Cell(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
