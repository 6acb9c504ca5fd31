namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Timely filing: the payer's limit counted from the date of service. Past it: hold (CO-29, effectively lost without
/// proof of timely filing). Within the warning window: review, with the days left so the queue sorts it first.
/// </summary>
public sealed class TimelyFilingRule : IScrubRule
{
    public string Id => "filing";

    public FindingCategory Category => FindingCategory.TimelyFiling;

    /// <summary>Days left to file (negative once passed), or null when the payer's limit or the date of service is unknown.</summary>
    public static int? DaysLeft(PayerPolicyVersion? policy, DateOnly? serviceDate, DateOnly today) =>
        policy?.FilingLimitDays is { } limit && serviceDate is { } dos ? dos.AddDays(limit).DayNumber - today.DayNumber : null;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        if (DaysLeft(input.Policy, input.Facts.ServiceDate, input.Today) is not { } daysLeft)
        {
            yield break;
        }
        var limit = input.Policy!.FilingLimitDays!.Value;
        var dos = input.Facts.ServiceDate!.Value;
        var deadline = dos.AddDays(limit);
        var trigger = new[] { $"date of service = {dos:yyyy-MM-dd}", $"filing limit = {limit} days", $"deadline = {deadline:yyyy-MM-dd}" };
        var source = input.Policy.Cite(input.Policy.FilingLimitClause ?? "timely filing limit");
        if (daysLeft < 0)
        {
            yield return new ScrubFinding
            {
                RuleId = "filing.limit-passed",
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "CO-29",
                Message = $"The {limit}-day filing limit passed on {deadline:yyyy-MM-dd} ({-daysLeft} days ago). Submit only with proof of timely filing (an earlier acceptance report).",
                Source = source,
                Trigger = trigger,
                DaysLeft = daysLeft,
            };
        }
        else if (daysLeft <= input.Policy.FilingWarningDays)
        {
            yield return new ScrubFinding
            {
                RuleId = "filing.limit-near",
                Category = Category,
                Severity = FindingSeverity.Review,
                PredictedCarc = "CO-29",
                Message = $"{daysLeft} day(s) left to file: the {limit}-day limit ends on {deadline:yyyy-MM-dd}. Submit this claim first.",
                Source = source,
                Trigger = trigger,
                DaysLeft = daysLeft,
            };
        }
    }
}
