using System.Globalization;
using System.Text;
using FhirApp.Core.Common;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Cli.Scrub;

/// <summary>
/// Writes findings as RFC 4180 CSV (CRLF line ends; fields with a comma, quote or line break quoted, quotes doubled):
/// the fixed columns first, then category, claim line, the triggering data and the proposed fix (the app verifies
/// a fix by re-scrubbing the draft before offering it; the CSV lists it as the rule proposed it).
/// </summary>
internal sealed class FindingsCsvWriter(TextWriter writer)
{
    public const string Header = "claim_id,rule_id,severity,predicted_carc,message,source,category,line,trigger,proposed_fix";

    private readonly StringBuilder _row = new();

    public void WriteHeader() => writer.Write(Header + "\r\n");

    public void Write(ScrubResult result)
    {
        foreach (var finding in result.Findings)
        {
            _row.Clear();
            Field(result.ClaimId).Append(',');
            Field(finding.RuleId).Append(',');
            Field(SeverityName(finding.Severity)).Append(',');
            Field(finding.PredictedCarc).Append(',');
            Field(finding.Message).Append(',');
            Field(finding.Source.ToString()).Append(',');
            Field(finding.Category.ToString()).Append(',');
            Field(finding.LineSequence?.ToString(CultureInfo.InvariantCulture)).Append(',');
            Field(string.Join("; ", finding.Trigger)).Append(',');
            Field(finding.Fix?.Describe()).Append("\r\n");
            writer.Write(_row);
        }
    }

    public static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Hold => "hold",
        FindingSeverity.Review => "review",
        FindingSeverity.Info => "info",
        _ => severity.ToString().ToLowerInvariant(),
    };

    private StringBuilder Field(string? value) => CsvText.AppendField(_row, value);
}
