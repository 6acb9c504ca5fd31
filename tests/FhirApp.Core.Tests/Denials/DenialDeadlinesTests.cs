using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialDeadlinesTests
{
    private static readonly IReadOnlyList<PayerPolicy> Payers = RuleBookLoader.Load().Payers;

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 1, 15, 0, 0, TimeSpan.Zero));

    private static readonly DenialDeadlines Deadlines = new(Payers, Clock);

    private static readonly DateOnly Decided = new(2026, 3, 1);

    [Theory]
    [InlineData(0, "redetermination", 120)]
    [InlineData(1, "reconsideration", 180)]
    [InlineData(2, "ALJ hearing", 60)]
    public void GivenMedicareDenial_WhenAppealed_ThenEachLevelCountsItsWindowFromTheDecisionDate(int level, string name, int days)
    {
        var deadline = Deadlines.For("org-payer-medicare", Decided, null, DenialRoute.Appeal, level).ShouldNotBeNull();

        (deadline.Date, deadline.Level).ShouldBe((Decided.AddDays(days), name));
        deadline.Clause.ShouldStartWith("42 CFR");
    }

    [Fact]
    public void GivenCommercialPayers_WhenRouted_ThenTheirConfiguredWindowsAndTheDefaultForAnUnknownPayer()
    {
        Deadlines.For("org-payer-acme", Decided, null, DenialRoute.Appeal)!.Date.ShouldBe(Decided.AddDays(180));
        Deadlines.For("org-payer-acme", Decided, null, DenialRoute.CorrectedClaim)!.Date.ShouldBe(Decided.AddDays(90));
        Deadlines.For("BluePeak", Decided, null, DenialRoute.CorrectedClaim)!.Date.ShouldBe(Decided.AddDays(90), "no corrected-claim window: the first level's applies");
        Deadlines.For("org-payer-unknown", Decided, null, DenialRoute.Appeal)!.Date.ShouldBe(Decided.AddDays(AppealWindows.Default.Levels[0].Days));
        Deadlines.For("org-payer-acme", null, null, DenialRoute.Appeal).ShouldBeNull();
    }

    [Fact]
    public void GivenRejection_WhenDated_ThenTheFilingLimitFromTheDateOfServiceApplies()
    {
        var dos = new DateOnly(2026, 2, 10);

        var deadline = Deadlines.For("org-payer-acme", Decided, dos, DenialRoute.Resubmit).ShouldNotBeNull();

        deadline.Date.ShouldBe(dos.AddDays(90));
    }

    [Fact]
    public void GivenInjectedClock_WhenCountingDown_ThenDaysLeftFollowIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 27, 23, 0, 0, TimeSpan.Zero));
        var deadlines = new DenialDeadlines(Payers, clock);
        var deadline = deadlines.For("org-payer-medicare", Decided, null, DenialRoute.Appeal)!.Date; // 2026-06-29

        deadlines.DaysLeft(deadline).ShouldBe(2);
        clock.Advance(TimeSpan.FromDays(3));
        deadlines.DaysLeft(deadline).ShouldBe(-1);
    }

    [Theory]
    [InlineData(DenialKind.Denial, DenialCategory.Coding, DenialRoute.CorrectedClaim)]
    [InlineData(DenialKind.Denial, DenialCategory.MissingInformation, DenialRoute.CorrectedClaim)]
    [InlineData(DenialKind.Denial, DenialCategory.Eligibility, DenialRoute.CorrectedClaim)]
    [InlineData(DenialKind.Denial, DenialCategory.Authorization, DenialRoute.Appeal)]
    [InlineData(DenialKind.Denial, DenialCategory.MedicalNecessity, DenialRoute.Appeal)]
    [InlineData(DenialKind.Rejection, DenialCategory.MissingInformation, DenialRoute.Resubmit)]
    [InlineData(DenialKind.Recoupment, DenialCategory.Other, DenialRoute.Review)]
    public void GivenKindAndCategory_WhenRouted_ThenCorrectedClaimForOurErrorsAppealForContestedDecisions(DenialKind kind, DenialCategory category, DenialRoute route) =>
        DenialDeadlines.Route(kind, category).ShouldBe(route);
}
