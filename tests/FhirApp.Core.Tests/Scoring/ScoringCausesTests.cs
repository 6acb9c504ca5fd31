using FhirApp.Core.Denials;
using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>
/// Scoring reads the denials' CARC table (Denials/Content/carc-categories.json): the group code does not change the
/// category, and the codes the old scoring-only table split finer (units, network, non-covered, attachments) take the
/// table's category.
/// </summary>
public sealed class ScoringCausesTests
{
    [Theory]
    [InlineData("PR-27", DenialCategory.Eligibility)]
    [InlineData("CO-27", DenialCategory.Eligibility)]
    [InlineData("CO-22", DenialCategory.Eligibility)]
    [InlineData("CO-31", DenialCategory.Eligibility)]
    [InlineData("CO-16", DenialCategory.MissingInformation)]
    [InlineData("197", DenialCategory.Authorization)]
    [InlineData("CO-197", DenialCategory.Authorization)]
    [InlineData("CO-15", DenialCategory.Authorization)]
    [InlineData("CO-50", DenialCategory.MedicalNecessity)]
    [InlineData("CO-167", DenialCategory.MedicalNecessity)]
    [InlineData("CO-4", DenialCategory.Coding)]
    [InlineData("CO-97", DenialCategory.Bundling)]
    [InlineData("CO-B15", DenialCategory.Bundling)]
    [InlineData("CO-151", DenialCategory.Coding)]
    [InlineData("CO-119", DenialCategory.Authorization)]
    [InlineData("CO-29", DenialCategory.TimelyFiling)]
    [InlineData("OA-18", DenialCategory.Duplicate)]
    [InlineData("CO-B7", DenialCategory.Eligibility)]
    [InlineData("b7", DenialCategory.Eligibility)]
    [InlineData("CO120", DenialCategory.Eligibility)]
    [InlineData("CO-96", DenialCategory.Eligibility)]
    [InlineData("CO-55", DenialCategory.MedicalNecessity)]
    [InlineData("CO-252", DenialCategory.MissingInformation)]
    [InlineData("CO-999", DenialCategory.Other)]
    public void GivenACarc_WhenCategorized_ThenItsGroupDoesNotMatter(string code, DenialCategory expected) =>
        ScoringCauses.Of(code).ShouldBe(expected);

    [Fact]
    public void GivenTheTable_WhenEveryCarcIsCategorized_ThenEveryCategoryIsUsed()
    {
        var table = DenialCauseTable.Load();
        var used = table.Carcs.Select(ScoringCauses.Of).ToHashSet();
        Enum.GetValues<DenialCategory>().ShouldAllBe(c => used.Contains(c));
    }
}
