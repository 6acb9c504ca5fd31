using System.Text.RegularExpressions;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DemoPayerPolicyTests
{
    private static readonly RuleBook Book = RuleBookLoader.Load();

    [Theory]
    [InlineData("org-payer-medicare", 365, "42 CFR 424.44")]
    [InlineData("org-payer-bluepeak", 180, "section 6.2")]
    [InlineData("org-payer-acme", 90, "section 7.1")]
    public void GivenShippedPayerFiles_WhenLoaded_ThenEachDemoPayerHasItsFilingLimitAndClauses(string payerId, int filingDays, string filingClause)
    {
        var policy = Book.PayerFor(payerId).ShouldNotBeNull().For(new DateOnly(2026, 3, 1)).ShouldNotBeNull();

        policy.Source.ShouldContain("(demo");
        policy.FilingLimitDays.ShouldBe(filingDays);
        policy.FilingLimitClause.ShouldNotBeNull().ShouldContain(filingClause);
        policy.SubscriberIdClause.ShouldNotBeNullOrWhiteSpace();
        policy.AuthRequired.ShouldAllBe(a => a.Clause.Length > 0);
        policy.DocumentationRequired.ShouldAllBe(d => d.Clause.Length > 0 && d.Elements.Count > 0);
    }

    [Theory]
    [InlineData("cov-linda-medicare", "org-payer-medicare")]
    [InlineData("cov-james-bluepeak", "org-payer-bluepeak")]
    [InlineData("cov-robert-bluepeak", "org-payer-bluepeak")]
    [InlineData("cov-maria-acme", "org-payer-acme")]
    public void GivenDemoCoverage_WhenMatchedToItsPayerPattern_ThenTheSubscriberIdFits(string coverageId, string payerId)
    {
        var pattern = Book.PayerFor(payerId)!.For(new DateOnly(2026, 3, 1))!.SubscriberIdPattern.ShouldNotBeNull();

        Regex.IsMatch(FhirFixtures.Coverage(coverageId).SubscriberId ?? "", pattern).ShouldBeTrue();
    }

    [Fact]
    public void GivenMedicarePolicy_WhenRead_ThenNoProfessionalAuthListButTheOrderingProviderClause()
    {
        var policy = Book.PayerFor("org-payer-medicare")!.For(new DateOnly(2026, 3, 1))!;

        policy.AuthRequired.ShouldBeEmpty();
        policy.OrderingProviderClause.ShouldNotBeNull().ShouldContain("42 CFR 424.507");
    }

    [Fact]
    public void GivenPolicyFileWithUnknownNoteElement_WhenLoaded_ThenTheFileFailsNamingItself()
    {
        var directory = Directory.CreateTempSubdirectory("payers-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "bad.json"), """
                { "payerId": "x", "name": "X", "versions": [ { "version": "1", "effective": "2026-01-01", "source": "s",
                  "documentationRequired": [ { "code": "20610", "elements": ["vibes"], "clause": "c" } ] } ] }
                """);

            Should.Throw<InvalidOperationException>(() => PayerPolicyLoader.LoadDirectory(directory.FullName)).Message.ShouldContain("bad.json");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void GivenRuleDiscovery_WhenListed_ThenEveryClaimLevelRuleIsIncluded()
    {
        Type[] claimLevel =
        [
            typeof(CoverageEligibilityRule), typeof(InsurerMatchesCoverageRule), typeof(SubscriberIdRule), typeof(PatientDemographicsRule),
            typeof(PriorAuthorizationRule), typeof(DuplicateClaimRule), typeof(ReferringProviderRule), typeof(ProviderNpiRule),
            typeof(PlaceOfServiceRule), typeof(NoteDocumentationRule),
        ];

        claimLevel.Except(ScrubRules.All.Select(r => r.GetType())).ShouldBeEmpty();
    }
}
