using System.Globalization;
using FhirApp.Core.Common;
using FhirApp.Core.Denials;

namespace FhirApp.Cli.Denials;

/// <summary>
/// One row per denied, rejected, reversed or recouped claim line: the fixed columns first, then RARCs, group
/// code, route, the scrubber rule family that should have caught it, the rest of the context, and last the line's
/// procedure code and rendering provider.
/// </summary>
internal sealed class DenialsCsvWriter(TextWriter writer, DenialDeadlines deadlines)
{
    public const string Header = "claim_id,eob_id,kind,category,owner,carc,amount,appeal_deadline,rarc,group,route,rule_that_should_have_caught_it,"
        + "line,resource_type,payer_id,decision_date,deadline_level,days_left,error_code,procedure,rendering_provider";

    public int Rows { get; private set; }

    public void WriteHeader() => writer.Write(Header + CsvText.RowEnd);

    public void Write(AdjudicationDecision decision)
    {
        var facts = decision.Facts;
        var c = CultureInfo.InvariantCulture;
        foreach (var denial in decision.Denials)
        {
            var route = DenialDeadlines.Route(denial.Kind, denial.Cause.Category);
            var deadline = deadlines.For(facts.PayerId, facts.DecisionDate, facts.ServiceDate, route);
            writer.Write(CsvText.Row(
                facts.ClaimId,
                facts.ResourceId,
                DenialNames.Of(denial.Kind),
                DenialNames.Of(denial.Cause.Category),
                DenialNames.Of(denial.Cause.Owner),
                denial.Carc,
                denial.Amount.ToString("0.00", c),
                deadline?.Date.ToString("yyyy-MM-dd", c),
                string.Join(' ', denial.Rarcs),
                denial.Group,
                DenialNames.Of(route),
                denial.Cause.RuleOrSuggestion,
                denial.Line.ToString(c),
                facts.ResourceType,
                facts.PayerId,
                facts.DecisionDate?.ToString("yyyy-MM-dd", c),
                deadline?.Level,
                deadline is null ? null : deadlines.DaysLeft(deadline.Date).ToString(c),
                denial.ErrorCode,
                denial.Procedure,
                denial.RenderingProvider));
            Rows++;
        }
    }
}
