namespace FhirApp.Web.Denials;

/// <summary>
/// The worklist's search, filters, saved view, tab and sort, applied to rows in memory (a practice's open denials are
/// hundreds, not millions). Kept apart from the page so it can be tested without a browser.
/// </summary>
public sealed record WorklistQuery
{
    public const string TabToWork = "work", TabPastDeadline = "past", TabClosed = "closed";

    public const string ViewAll = "all", ViewMine = "mine", ViewDueThisWeek = "week";

    public const string Unassigned = "(unassigned)";

    public string Tab { get; init; } = TabToWork;

    public string View { get; init; } = ViewAll;

    public string? Search { get; init; }

    public string? Payer { get; init; }

    public string? Category { get; init; }

    public string? Assignee { get; init; }

    public string? Status { get; init; }

    /// <summary>Days to the deadline at most (7, 30); null for any.</summary>
    public int? DeadlineWithin { get; init; }

    /// <summary>A column key (<see cref="Columns"/>), or null for the triage order.</summary>
    public string? SortBy { get; init; }

    public bool Descending { get; init; }

    public static IReadOnlyList<string> Columns { get; } = ["patient", "payer", "dos", "claim", "cpt", "reason", "amount", "deadline", "assignee", "status", "followup"];

    /// <summary>Which tab a row belongs to: closed items, items past their deadline, and the rest (the work).</summary>
    public static string TabOf(WorklistRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Core.Denials.DenialStatusMachine.IsClosed(row.Item.Status) ? TabClosed : row.Item.IsPastDeadline ? TabPastDeadline : TabToWork;
    }

    public IReadOnlyList<WorklistRow> Apply(IEnumerable<WorklistRow> rows, string? me, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var weekEnd = today.AddDays(7);
        var found = rows.Where(r => TabOf(r) == Tab)
            .Where(r => View switch
            {
                ViewMine => me is not null && string.Equals(r.Item.Assignee, me, StringComparison.Ordinal),
                ViewDueThisWeek => (r.Item.Deadline is { } d && d >= today && d <= weekEnd) || (r.FollowUp is { } f && f <= weekEnd),
                _ => true,
            })
            .Where(r => string.IsNullOrWhiteSpace(Search) || Matches(r, Search.Trim()))
            .Where(r => Payer is null || r.Payer == Payer)
            .Where(r => Category is null || DenialWords.Category(r.Item.Category) == Category)
            .Where(r => Assignee is null || (Assignee == Unassigned ? r.Item.Assignee is null : r.Item.Assignee == Assignee))
            .Where(r => Status is null || Core.Denials.DenialStatusMachine.Words(r.Item.Status) == Status)
            .Where(r => DeadlineWithin is not { } within || (r.DaysLeft is { } left && left >= 0 && left <= within));
        return (SortBy is null ? found : Sort(found)).ToList();
    }

    private static bool Matches(WorklistRow r, string text) =>
        new[] { r.Patient, r.Payer, r.ClaimNumber, r.Cpt, r.Reason, r.Item.Rarc, r.Item.Assignee, r.NextAction, r.Status }
            .Any(v => v?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

    private IEnumerable<WorklistRow> Sort(IEnumerable<WorklistRow> rows)
    {
        Func<WorklistRow, IComparable?> key = SortBy switch
        {
            "patient" => r => r.Patient,
            "payer" => r => r.Payer,
            "dos" => r => r.ServiceDate,
            "claim" => r => r.ClaimNumber,
            "cpt" => r => r.Cpt,
            "reason" => r => r.Reason,
            "amount" => r => r.Amount,
            "deadline" => r => r.DaysLeft ?? int.MaxValue,
            "assignee" => r => r.Item.Assignee ?? "",
            "status" => r => r.Status,
            "followup" => r => r.FollowUp ?? DateOnly.MaxValue,
            _ => r => r.Id,
        };
        return Descending ? rows.OrderByDescending(key).ThenBy(r => r.Id) : rows.OrderBy(key).ThenBy(r => r.Id);
    }
}
