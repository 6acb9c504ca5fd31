using FhirApp.Core.Denials;
using FhirApp.Core.Scoring;

namespace FhirApp.Core.Tests.Scoring;

public sealed class HistoryStatsTests
{
    private static ScoringClaim Claim(string payer, int lagDays, DenialCategory? denial, DateOnly? submitted = null) => new()
    {
        ClaimId = Guid.NewGuid().ToString("N"),
        PayerId = payer,
        PayerName = payer,
        ProviderId = "pr1",
        ProviderName = "Dr One",
        Submitted = submitted ?? new DateOnly(2026, 6, 1),
        Codes = ["99213"],
        DiagnosisCategory = "M17",
        LagDays = lagDays,
        Label = new DenialLabel(denial is not null, denial is null ? null : "CO-29", denial, new DateOnly(2026, 6, 20), "test"),
    };

    [Fact]
    public void GivenAPayersTimelyFilingDenialsFrom120Days_WhenCounted_ThenItsLearnedFilingLimitIs120AndOtherDenialsDoNotCount()
    {
        var claims = new List<ScoringClaim>
        {
            Claim("summit", 10, null), Claim("summit", 95, null), Claim("summit", 115, null),
            Claim("summit", 95, DenialCategory.Authorization), // late, denied, but not for timely filing
            Claim("summit", 130, DenialCategory.TimelyFiling), Claim("summit", 170, DenialCategory.TimelyFiling),
            Claim("summit", 200, DenialCategory.Eligibility), Claim("summit", 250, DenialCategory.TimelyFiling),
            // A payer with a single timely-filing denial (too little to say where its limit is) and one with none.
            Claim("lone", 300, DenialCategory.TimelyFiling), Claim("lone", 20, null),
            Claim("acme", 200, DenialCategory.Authorization), Claim("acme", 240, null), Claim("acme", 30, null),
        };

        var stats = HistoryStats.From(claims);

        // From 90 days: 3 timely-filing denials among 7 claims (under half); from 120 days: 3 of 4.
        stats.Count(HistoryStats.PayerLagKey("summit", 90)).ShouldBe((7, 3));
        stats.Count(HistoryStats.PayerLagKey("summit", 120)).ShouldBe((4, 3));
        stats.LearnedFilingLimit("summit").ShouldBe(120);
        stats.LearnedFilingLimit("lone").ShouldBeNull();
        stats.LearnedFilingLimit("acme").ShouldBeNull();
        stats.LearnedFilingLimit("nobody").ShouldBeNull();
    }

    [Fact]
    public void GivenAProviderDeniedByAPayerUntilApril_WhenRecentRatesAreRead_ThenTheMonthsAfterTheGapReadLowAndTheMonthsInItHigh()
    {
        // Eight of ten claims a month denied January to April (a credentialing gap), none in May and June.
        var claims = Enumerable.Range(1, 6).SelectMany(month => Enumerable.Range(0, 10).Select(i =>
            Claim("summit", 5, month <= 4 && i < 8 ? DenialCategory.Eligibility : null, new DateOnly(2026, month, 10)))).ToList();
        var stats = HistoryStats.From(claims);
        var whole = stats.Rate(HistoryStats.ProviderPayerKey("pr1", "summit"));

        var july = stats.Recent("pr1", "summit", new DateOnly(2026, 7, 15));
        var may = stats.Recent("pr1", "summit", new DateOnly(2026, 5, 2));

        (july.Claims, july.Denied).ShouldBe((20, 0)); // May and June only: not July's own month
        july.Rate.ShouldBeLessThan(whole / 2);
        (may.Claims, may.Denied).ShouldBe((20, 16)); // March and April
        may.Rate.ShouldBeGreaterThan(whole);
        stats.Recent("pr1", "summit", new DateOnly(2026, 1, 5)).ShouldBe((0, 0, whole), "no earlier months: the pair's whole-history rate");
    }
}
