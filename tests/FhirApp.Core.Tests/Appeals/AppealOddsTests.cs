using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Tests.Appeals;

public sealed class AppealOddsTests
{
    private const string Level = "first-level appeal";

    private static AppealOutcomeFact Fact(AppealStatus outcome, string payer = "acme", DenialCategory category = DenialCategory.MedicalNecessity,
        EvidenceCompleteness completeness = EvidenceCompleteness.Complete) => new(category, payer, Level, completeness, outcome);

    [Fact]
    public void GivenNoDecidedAppeals_WhenEstimated_ThenTheCategoryPriorAndSaysSo()
    {
        var estimate = AppealOdds.Estimate([Fact(AppealStatus.Submitted), Fact(AppealStatus.Draft)], 0.6, DenialCategory.MedicalNecessity, "acme", Level, null);

        estimate.Probability.ShouldBe(0.6, 1e-12);
        estimate.DecidedAppeals.ShouldBe(0);
        estimate.Basis.ShouldContain("No decided medical necessity appeals yet");
    }

    [Fact]
    public void GivenFiveOverturnedWithThePayer_WhenEstimated_ThenEachStepShrinksTowardThem()
    {
        var history = Enumerable.Repeat(Fact(AppealStatus.Overturned), 5).ToList();

        var estimate = AppealOdds.Estimate(history, 0.5, DenialCategory.MedicalNecessity, "acme", Level, null);

        // Category: (5 + 5·0.5)/10 = 0.75; payer: (5 + 5·0.75)/10 = 0.875; level: (5 + 5·0.875)/10 = 0.9375.
        estimate.Probability.ShouldBe(0.9375, 1e-12);
        estimate.DecidedAppeals.ShouldBe(5);
        estimate.Basis.ShouldContain("5 with this payer");
    }

    [Fact]
    public void GivenOutcomesWithAnotherPayerAndCategory_WhenEstimated_ThenOnlyTheCategoryStepMovesAndPartialCountsHalf()
    {
        List<AppealOutcomeFact> history =
        [
            Fact(AppealStatus.Upheld, payer: "other"), Fact(AppealStatus.Partial, payer: "other"),
            Fact(AppealStatus.Overturned, category: DenialCategory.Bundling),
        ];

        var estimate = AppealOdds.Estimate(history, 0.5, DenialCategory.MedicalNecessity, "acme", Level, EvidenceCompleteness.Complete);

        // Category only: (0 + 0.5 + 5·0.5)/(2 + 5) = 3/7; no acme outcomes, so the later steps keep it.
        estimate.Probability.ShouldBe(3.0 / 7, 1e-12);
        estimate.DecidedAppeals.ShouldBe(2);
    }

    [Fact]
    public void GivenUpheldAppealsWithoutEvidence_WhenEstimatedForCompleteEvidence_ThenTheyCountOnlyUpToTheLevelStep()
    {
        var history = Enumerable.Repeat(Fact(AppealStatus.Upheld, completeness: EvidenceCompleteness.None), 5).ToList();

        var none = AppealOdds.Estimate(history, 0.5, DenialCategory.MedicalNecessity, "acme", Level, EvidenceCompleteness.None).Probability;
        var complete = AppealOdds.Estimate(history, 0.5, DenialCategory.MedicalNecessity, "acme", Level, EvidenceCompleteness.Complete).Probability;

        complete.ShouldBe(0.0625, 1e-12); // 0.5 → 0.25 → 0.125 → 0.0625, no complete-evidence step
        none.ShouldBe(0.03125, 1e-12);
    }

    [Theory]
    [InlineData(0, 0, EvidenceCompleteness.None)]
    [InlineData(0, 3, EvidenceCompleteness.None)]
    [InlineData(2, 3, EvidenceCompleteness.Partial)]
    [InlineData(3, 3, EvidenceCompleteness.Complete)]
    public void GivenCriteriaFound_WhenClassified_ThenCompleteness(int found, int total, EvidenceCompleteness expected) =>
        AppealOdds.CompletenessOf(found, total).ShouldBe(expected);
}
