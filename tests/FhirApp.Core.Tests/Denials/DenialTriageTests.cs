using FhirApp.Core.Denials;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialTriageTests
{
    private static readonly DenialTriage Triage = new(DenialCauseTable.Load(), new DenialOptions { ReworkCost = 25m, DeadlineFloorDays = 7 });

    private static DenialQueueRow Row(long id, DenialCategory category, decimal amount, int? daysLeft) => new()
    {
        Id = id,
        ClaimId = "c" + id,
        EobId = "e" + id,
        Rule = "auth",
        Category = category,
        Amount = amount,
        DaysLeft = daysLeft,
        ExpectedValue = Triage.ExpectedValue(category, amount),
    };

    [Fact]
    public void GivenCategoryAndAmount_WhenValued_ThenOverturnProbabilityTimesAmountLessReworkCost()
    {
        Triage.ExpectedValue(DenialCategory.Authorization, 250m).ShouldBe(100m);
        Triage.ExpectedValue(DenialCategory.TimelyFiling, 100m).ShouldBe(-15m);
    }

    [Fact]
    public void GivenItemsNearAndFarFromTheirDeadlines_WhenOrdered_ThenTheFloorComesFirstThenValueThenPassedDeadlines()
    {
        var rows = new[]
        {
            Row(1, DenialCategory.Authorization, 5000m, 60),
            Row(2, DenialCategory.Coding, 40m, 3),
            Row(3, DenialCategory.Coding, 80m, 6),
            Row(4, DenialCategory.Authorization, 900m, -2),
            Row(5, DenialCategory.Authorization, 1000m, 30),
            Row(6, DenialCategory.Authorization, 1000m, 20),
        };

        Triage.Order(rows).Select(r => r.Id).ShouldBe([2, 3, 1, 6, 5, 4]);
    }
}
