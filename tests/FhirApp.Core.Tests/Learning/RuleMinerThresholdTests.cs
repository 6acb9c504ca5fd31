using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Tests.Learning;

/// <summary>The documented <see cref="MiningThresholds"/>: their defaults, and each one deciding at its edge.</summary>
public sealed class RuleMinerThresholdTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);

    /// <summary>A payer with <paramref name="paid"/> paid visits and <paramref name="denied"/> denied lines of one code without a referring provider (and <paramref name="paidWithout"/> paid ones).</summary>
    private static LearnedRuleBook Mine(int denied, int paidWithout = 0, int paid = 30, MiningThresholds? thresholds = null)
    {
        var history = new HistoryBuilder();
        for (var i = 0; i < paid; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")]);
        }

        for (var i = 0; i < denied; i++)
        {
            history.Claim(Start.AddDays(4 + (i * 17)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        for (var i = 0; i < paidWithout; i++)
        {
            history.Claim(Start.AddDays(6 + (i * 13)), [new TestLine("70551")]);
        }

        return RuleMiner.Mine(history.Resources, new DateOnly(2026, 12, 31), thresholds);
    }

    [Fact]
    public void GivenTheDefaults_ThenTheyAreTheDocumentedOnes()
    {
        var t = new MiningThresholds();

        (t.MinSupport, t.MinDenied, t.MinLowerBound, t.MinLift, t.MinContrastGap, t.HoldLowerBound).ShouldBe((5, 3, 0.3, 2.0, 0.3, 0.7));
        (t.SmoothingClaims, t.MinSegment, t.MinChangeStatistic, t.MinPayerClaims, t.DefaultFilingReviewDays).ShouldBe((4.0, 4, 10.83, 30, 90));
        (t.MinShippedHeld, t.MaxUnenforcedRate, t.MinPayersForDefault, t.MaxCalibrationClaims).ShouldBe((10, 0.5, 2, 20_000));
    }

    [Fact]
    public void GivenFourDeniedLines_WhenMined_ThenBelowMinSupportNoRule() =>
        Mine(denied: 4).Rules.ShouldBeEmpty();

    [Fact]
    public void GivenFiveDeniedLines_WhenMined_ThenAtMinSupportTheRuleIsKept() =>
        Mine(denied: 5).Rules.ShouldHaveSingleItem().Support.ShouldBe(5);

    [Fact]
    public void GivenAMinSupportOfSix_WhenFiveDeniedLinesAreMined_ThenNoRule() =>
        Mine(denied: 5, thresholds: new MiningThresholds { MinSupport = 6 }).Rules.ShouldBeEmpty();

    [Fact]
    public void GivenThreeOfEightDenied_WhenMined_ThenTheLowerBoundIsBelowMinLowerBoundAndNoRule()
    {
        // Wilson lower bound of 3/8 is 0.137: not enough, whatever the lift.
        RuleStatistics.WilsonLower(3, 8).ShouldBeLessThan(0.3);
        Mine(denied: 3, paidWithout: 5).Rules.ShouldBeEmpty();
    }

    [Fact]
    public void GivenFiveOfSevenDenied_WhenMined_ThenTheRuleIsAReviewBelowTheHoldBound()
    {
        var rule = Mine(denied: 5, paidWithout: 2).Rules.ShouldHaveSingleItem();

        rule.LowerBound.ShouldBe(RuleStatistics.WilsonLower(5, 7), 0.0001);
        rule.LowerBound.ShouldBeInRange(0.3, 0.7);
        rule.Severity.ShouldBe(FindingSeverity.Review);
    }

    [Fact]
    public void GivenTwelveOfTwelveDenied_WhenMined_ThenTheRuleIsAHold()
    {
        var rule = Mine(denied: 12).Rules.ShouldHaveSingleItem();

        rule.LowerBound.ShouldBeGreaterThanOrEqualTo(0.7);
        rule.Severity.ShouldBe(FindingSeverity.Hold);
        rule.SmoothedRate.ShouldBe((12 + (4 * rule.BaseRate)) / 16, 0.0001);
    }

    [Fact]
    public void GivenAPayerThatDeniesMostClaims_WhenMined_ThenARuleWithoutLiftIsNotKept()
    {
        // 5 of 5 lines denied, but so are the payer's other claims: no lift over its base rate.
        var history = new HistoryBuilder();
        for (var i = 0; i < 10; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203", Denial: "CO-50")]);
        }

        for (var i = 0; i < 5; i++)
        {
            history.Claim(Start.AddDays(4 + (i * 17)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        RuleMiner.Mine(history.Resources, new DateOnly(2026, 12, 31), new MiningThresholds { MinLift = 2.0 }).Rules
            .ShouldNotContain(r => r.Shape == LearnedShape.ReferringRequired);
    }

    [Fact]
    public void GivenFewerThanMinPayerClaims_WhenMined_ThenThePayerHasTooLittleHistory()
    {
        Mine(denied: 0, paid: 29).Payers.ShouldHaveSingleItem().EnoughHistory.ShouldBeFalse();
        Mine(denied: 0, paid: 30).Payers.ShouldHaveSingleItem().EnoughHistory.ShouldBeTrue();
    }
}
