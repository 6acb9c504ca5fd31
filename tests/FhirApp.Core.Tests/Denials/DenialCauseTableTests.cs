using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialCauseTableTests(SharedSamplesFixture samples) : IClassFixture<SharedSamplesFixture>
{
    private static readonly DenialCauseTable Table = DenialCauseTable.Load();

    private static HashSet<string> CarcList() =>
        File.ReadLines(FhirFixtures.CarcCodesFile).Where(l => !l.StartsWith('#')).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void GivenEveryDenyingCarcInTheSamplesAndDemoFixtures_WhenLookedUp_ThenTheTableListsIt()
    {
        var carcList = CarcList();
        var resources = samples.Results.Values.SelectMany(r => r.Resources)
            .Concat(FhirResourceReader.ReadDirectory(FhirFixtures.DemoDirectory).Resources);
        var reasons = resources.SelectMany(r => r switch
        {
            ExplanationOfBenefit eob => AdjudicationReader.Read(eob).Reasons,
            ClaimResponse response => AdjudicationReader.Read(response).Reasons,
            _ => [],
        }).Where(r => r.IsCarc && r.IsDenial).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);

        reasons.ShouldNotBeEmpty();
        reasons.Where(carcList.Contains).Where(c => !Table.Lists(c)).ShouldBeEmpty();
        reasons.ShouldContain("197");
        reasons.ShouldContain("B7");
    }

    [Fact]
    public void GivenTheTable_WhenCheckedAgainstTheCarcListAndTheScrubber_ThenEveryCodeIsRealEveryRuleFamilyExistsAndNoNonDenialIsListed()
    {
        var carcList = CarcList();
        var families = ScrubRules.All.Select(r => r.Id.Split('.')[0]).ToHashSet(StringComparer.Ordinal);

        // 15 and 120 are retired (absent from the 2023 list) but older remits still carry them (Blue Button: CO120).
        Table.Carcs.Where(c => !carcList.Contains(c)).ShouldBe(["15", "120"]);
        Table.Carcs.ShouldNotContain("45");
        Table.Carcs.ShouldNotContain("1");
        foreach (var carc in Table.Carcs)
        {
            var rule = Table.Classify(carc, []).Rule;
            (rule is null || families.Contains(rule)).ShouldBeTrue($"CARC {carc} names rule family '{rule}', which no scrubber rule has");
        }
    }

    [Theory]
    [InlineData("197", DenialCategory.Authorization, DenialOwner.Authorization, "auth")]
    [InlineData("288", DenialCategory.Authorization, DenialOwner.Authorization, "auth")]
    [InlineData("27", DenialCategory.Eligibility, DenialOwner.FrontDesk, "eligibility")]
    [InlineData("22", DenialCategory.Eligibility, DenialOwner.FrontDesk, "eligibility")]
    [InlineData("4", DenialCategory.Coding, DenialOwner.Coding, "modifiers")]
    [InlineData("181", DenialCategory.Coding, DenialOwner.Coding, "coding")]
    [InlineData("50", DenialCategory.MedicalNecessity, DenialOwner.Clinician, "documentation")]
    [InlineData("167", DenialCategory.MedicalNecessity, DenialOwner.Clinician, "coding")]
    [InlineData("97", DenialCategory.Bundling, DenialOwner.Coding, "modifiers")]
    [InlineData("236", DenialCategory.Bundling, DenialOwner.Coding, "modifiers")]
    [InlineData("29", DenialCategory.TimelyFiling, DenialOwner.Billing, "filing")]
    [InlineData("18", DenialCategory.Duplicate, DenialOwner.Billing, "duplicate")]
    [InlineData("16", DenialCategory.MissingInformation, DenialOwner.FrontDesk, "missing")]
    [InlineData("206", DenialCategory.MissingInformation, DenialOwner.FrontDesk, "missing")]
    [InlineData("B7", DenialCategory.Eligibility, DenialOwner.Billing, null)]
    [InlineData("121", DenialCategory.Other, DenialOwner.Billing, null)]
    [InlineData("999", DenialCategory.Other, DenialOwner.Billing, null)]
    public void GivenCarc_WhenClassified_ThenCategoryOwnerAndRuleFamily(string carc, DenialCategory category, DenialOwner owner, string? rule)
    {
        var cause = Table.Classify(carc, []);

        (cause.Category, cause.Owner, cause.Rule).ShouldBe((category, owner, rule));
        cause.RuleOrSuggestion.ShouldBe(rule ?? DenialCause.NoRule);
    }

    [Fact]
    public void GivenGenericCarcWithSpecificRarc_WhenClassified_ThenTheRarcDecidesButASpecificCarcKeepsItsCategory()
    {
        Table.Classify("16", ["M51"]).Category.ShouldBe(DenialCategory.Coding);
        Table.Classify("16", ["N290"]).Category.ShouldBe(DenialCategory.MissingInformation);
        Table.Classify("252", ["N54"]).Category.ShouldBe(DenialCategory.Authorization);
        Table.Classify("197", ["M51"]).Category.ShouldBe(DenialCategory.Authorization);
        Table.Classify(null, ["N20"]).Category.ShouldBe(DenialCategory.Bundling);
    }

    [Fact]
    public void GivenOverturnTable_WhenAskedPerCategory_ThenListedFiguresElseTheDocumentedDefault()
    {
        Table.OverturnProbability(DenialCategory.TimelyFiling).ShouldBe(0.1);
        Table.OverturnProbability(DenialCategory.Authorization).ShouldBe(0.5);
    }
}
