using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>The CARC → denial category table (Scoring/Content/carc-categories.csv), against DOMAIN.md section 3.</summary>
public sealed class CarcCategoriesTests
{
    [Theory]
    [InlineData("CO-45")]
    [InlineData("PR-1")]
    [InlineData("PR-2")]
    [InlineData("PR3")]
    [InlineData("CO-253")]
    public void GivenACodeThatIsNeverADenial_WhenCategorized_ThenNull(string code) => CarcCategories.Of(code).ShouldBeNull();

    [Theory]
    [InlineData("PR-27", DenialCategory.Eligibility)]
    [InlineData("CO-27", DenialCategory.Eligibility)]
    [InlineData("CO-22", DenialCategory.Eligibility)]
    [InlineData("CO-31", DenialCategory.Eligibility)]
    [InlineData("CO-16", DenialCategory.MissingInformation)]
    [InlineData("197", DenialCategory.PriorAuthorization)]
    [InlineData("CO-197", DenialCategory.PriorAuthorization)]
    [InlineData("CO-50", DenialCategory.MedicalNecessity)]
    [InlineData("CO-167", DenialCategory.MedicalNecessity)]
    [InlineData("CO-4", DenialCategory.Coding)]
    [InlineData("CO-97", DenialCategory.Bundling)]
    [InlineData("CO-151", DenialCategory.Units)]
    [InlineData("CO-29", DenialCategory.TimelyFiling)]
    [InlineData("OA-18", DenialCategory.Duplicate)]
    [InlineData("CO-B7", DenialCategory.ProviderNetwork)]
    [InlineData("b7", DenialCategory.ProviderNetwork)]
    [InlineData("CO-96", DenialCategory.NonCovered)]
    [InlineData("CO-252", DenialCategory.Attachments)]
    [InlineData("CO-999", DenialCategory.Other)]
    public void GivenACarc_WhenCategorized_ThenItsGroupDoesNotMatter(string code, DenialCategory expected) =>
        CarcCategories.Of(code).ShouldBe(expected);

    [Fact]
    public void GivenTheEmbeddedTable_WhenLoaded_ThenEveryCategoryButOtherHasACode()
    {
        var used = CarcCategories.Rows.Values.OfType<DenialCategory>().ToHashSet();
        Enum.GetValues<DenialCategory>().Where(c => c != DenialCategory.Other).ShouldAllBe(c => used.Contains(c));
    }
}
