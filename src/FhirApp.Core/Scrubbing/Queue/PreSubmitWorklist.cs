using FhirApp.Core.Claims;

namespace FhirApp.Core.Scrubbing.Queue;

/// <summary>
/// The biller's pre-submit queue: one row per claim not yet adjudicated, worst first. Pure: the caller brings the
/// claims, their scrub results and the practice's decisions (overrides and rule switches).
/// </summary>
public static class PreSubmitWorklist
{
    /// <summary>
    /// A Claim belongs in the queue while no ClaimResponse or EOB has adjudicated it: no response at all (Pending) or a
    /// front-end rejection (Error: fix and resubmit). Queued (the payer has it) and every adjudicated outcome are out,
    /// as are cancelled and entered-in-error claims, and EOBs that came without their Claim.
    /// </summary>
    public static bool IsPending(ClaimSummary claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.ResourceType == "Claim"
            && claim.Outcome is ClaimOutcomes.Pending or ClaimOutcomes.Error
            && claim.Status is not ("cancelled" or "entered-in-error");
    }

    /// <summary>The rows for the pending claims, in <see cref="DefaultOrder"/>.</summary>
    public static IReadOnlyList<QueueRow> Build(IEnumerable<ClaimDetail> claims, IReadOnlyDictionary<string, ScrubResult> scrubbed, DecisionSet decisions)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(scrubbed);
        ArgumentNullException.ThrowIfNull(decisions);
        var rows = claims.Where(c => IsPending(c.Summary)).Select(c => Row(c, scrubbed.GetValueOrDefault(c.Summary.Id), decisions));
        return [.. DefaultOrder(rows)];
    }

    /// <summary>Hold first, then review, then info, then clean; within each, dollars descending, then fewest filing days left.</summary>
    public static IEnumerable<QueueRow> DefaultOrder(IEnumerable<QueueRow> rows) =>
        rows.OrderBy(r => SeverityRank(r.WorstSeverity))
            .ThenByDescending(r => r.Billed ?? 0)
            .ThenBy(r => r.FilingDaysLeft ?? int.MaxValue)
            .ThenBy(r => r.ServiceDate ?? DateOnly.MaxValue)
            .ThenBy(r => r.ClaimId, StringComparer.Ordinal);

    /// <summary>The rows matching every filter that is set, in the order given.</summary>
    public static IReadOnlyList<QueueRow> Filter(IEnumerable<QueueRow> rows, QueueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(filter);
        return [.. rows.Where(r =>
            (filter.Payer is null || r.PayerName == filter.Payer)
            && (filter.Provider is null || r.Provider == filter.Provider)
            && (filter.RuleId is null || r.RuleIds.Contains(filter.RuleId, StringComparer.Ordinal)))];
    }

    /// <summary>
    /// The filing deadline in words: "12 days left", "1 day left", "due today", "78 days past the filing limit"; null
    /// when the payer's limit is unknown.
    /// </summary>
    public static string? FilingDeadlineWords(int? daysLeft) => daysLeft switch
    {
        null => null,
        0 => "due today",
        1 => "1 day left",
        -1 => "1 day past the filing limit",
        < 0 and var d => $"{(-d).ToString(System.Globalization.CultureInfo.InvariantCulture)} days past the filing limit",
        var d => $"{d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} days left",
    };

    /// <summary>Hold 0, Review 1, Info 2, nothing open 3: for sorting by severity.</summary>
    public static int SeverityRank(FindingSeverity? severity) => severity is { } s ? (int)s : 3;

    private static QueueRow Row(ClaimDetail claim, ScrubResult? scrub, DecisionSet decisions)
    {
        var open = scrub is null ? [] : decisions.Open(scrub);
        var summary = claim.Summary;
        return new QueueRow
        {
            ClaimId = summary.Id,
            PatientId = summary.PatientId,
            PatientName = summary.PatientName,
            ServiceDate = summary.ServiceDate,
            PayerName = summary.PayerName,
            Provider = claim.RenderingProvider?.ToString(),
            Billed = summary.BilledAmount,
            Currency = summary.Currency,
            WorstSeverity = open.Count == 0 ? null : open.Min(f => f.Severity),
            Holds = open.Count(f => f.Severity == FindingSeverity.Hold),
            Reviews = open.Count(f => f.Severity == FindingSeverity.Review),
            Infos = open.Count(f => f.Severity == FindingSeverity.Info),
            TopMessage = open.Count == 0 ? null : open[0].Message,
            TopRuleId = open.Count == 0 ? null : open[0].RuleId,
            RuleIds = [.. open.Select(f => f.RuleId).Distinct(StringComparer.Ordinal)],
            FilingDaysLeft = scrub?.FilingDaysLeft,
            ScrubError = scrub?.Error,
            Work = ClaimWorkState.Of(summary, open, scrub?.Error is not null),
        };
    }
}
