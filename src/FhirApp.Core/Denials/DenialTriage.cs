namespace FhirApp.Core.Denials;

/// <summary>
/// Orders the queue by what working an item is worth: expected value = P(overturn) × amount − rework cost, with the
/// deadline as tiebreak and as a hard floor: items within <see cref="DenialOptions.DeadlineFloorDays"/> of their
/// deadline come first (soonest first) whatever their value; items past their deadline come last.
/// </summary>
public sealed class DenialTriage(DenialCauseTable causes, DenialOptions options)
{
    public decimal ExpectedValue(DenialCategory category, decimal amount) => ExpectedValue(OverturnPrior(category), amount);

    /// <summary>The cost of working one denial (<see cref="DenialOptions.ReworkCost"/>).</summary>
    public decimal ReworkCost => options.ReworkCost;

    /// <summary>The category's typical overturn rate (carc-categories.json), before the practice's own outcomes.</summary>
    public double OverturnPrior(DenialCategory category) => causes.OverturnProbability(category);

    /// <summary>With an estimate from the practice's own appeal outcomes (<see cref="AppealOdds"/>).</summary>
    public decimal ExpectedValue(double overturnProbability, decimal amount) =>
        decimal.Round((decimal)overturnProbability * amount - options.ReworkCost, 2);

    public IReadOnlyList<DenialQueueRow> Order(IEnumerable<DenialQueueRow> rows) =>
        rows.OrderBy(Band)
            .ThenBy(r => Band(r) == 0 ? r.DaysLeft : 0)
            .ThenByDescending(r => r.ExpectedValue)
            .ThenBy(r => r.DaysLeft ?? int.MaxValue)
            .ThenBy(r => r.Id)
            .ToList();

    private int Band(DenialQueueRow row) => row.DaysLeft switch
    {
        < 0 => 2,
        { } days when days <= options.DeadlineFloorDays => 0,
        _ => 1,
    };
}
