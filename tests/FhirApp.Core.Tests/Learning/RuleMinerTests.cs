using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Tests.Learning;

/// <summary>The rule miner on small hand-built histories: each shape learned from its evidence, and only from it.</summary>
public sealed class RuleMinerTests
{
    private static readonly DateOnly Today = new(2026, 12, 31);
    private static readonly DateOnly Start = new(2026, 1, 5);

    /// <summary>A background of paid office visits, so the payer has a realistic base rate.</summary>
    private static HistoryBuilder WithPaidVisits(int count = 30)
    {
        var history = new HistoryBuilder();
        for (var i = 0; i < count; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")], referring: i % 2 == 0);
        }

        return history;
    }

    private static LearnedRuleBook Mine(HistoryBuilder history, MiningThresholds? thresholds = null) =>
        RuleMiner.Mine(history.Resources, Today, thresholds);

    [Fact]
    public void GivenACodeDeniedOnlyWithoutAReferringProvider_WhenMined_ThenAReferringRuleIsLearnedWithItsEvidence()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 30)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        for (var i = 0; i < 10; i++)
        {
            history.Claim(Start.AddDays(12 + (i * 25)), [new TestLine("70551")], referring: true);
        }

        var book = Mine(history);

        var rule = book.Rules.ShouldHaveSingleItem();
        rule.Shape.ShouldBe(LearnedShape.ReferringRequired);
        rule.Parameters.Code.ShouldBe("70551");
        rule.PayerId.ShouldBe(history.PayerId);
        (rule.Support, rule.Denied, rule.ContrastSupport, rule.ContrastRate).ShouldBe((8, 8, 10, 0.0));
        rule.Carcs.ShouldBe(["CO-16"]);
        rule.Rarcs.ShouldBe(["N286"]);
        rule.BaseRate.ShouldBe(8 / 48.0, 0.0001);
        rule.LowerBound.ShouldBe(0.6756, 0.001);
        rule.Severity.ShouldBe(FindingSeverity.Review); // 8 of 8 is a lower bound of 0.68: below the 0.7 a hold needs
        rule.FirstSeen.ShouldBe(Start.AddDays(10));
        rule.LastDenied.ShouldBe(Start.AddDays(10 + (7 * 30)));
        rule.Evidence.ShouldBe($"Granite Test Plan denied 8 of 8 lines of 70551 without a referring or ordering provider (CO-16 N286), {Start.AddDays(10):yyyy-MM-dd} to {Start.AddDays(220):yyyy-MM-dd}; 0 of 10 with one.");
    }

    [Fact]
    public void GivenACodeDeniedWithOrWithoutAuthorization_WhenMined_ThenItIsLearnedAsNotCoveredNotAsAuthRequired()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 12; i++)
        {
            var withAuth = i % 2 == 0;
            history.Claim(Start.AddDays(5 + (i * 20)), [new TestLine("97799", Denial: "CO-96/N130")],
                authNumber: withAuth ? $"A{i}" : null, authOnFile: withAuth ? (Start, Start.AddDays(400), "97799") : null);
        }

        var book = Mine(history);

        var rule = book.Rules.ShouldHaveSingleItem();
        rule.Shape.ShouldBe(LearnedShape.NonCovered);
        rule.Parameters.Code.ShouldBe("97799");
        rule.Severity.ShouldBe(FindingSeverity.Hold);
    }

    [Fact]
    public void GivenAnAuthorizationThatExpired_WhenMined_ThenAuthRequiredCountsItAsMissing()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 10; i++)
        {
            // Valid auth on file: paid. Auth that ended before the date of service: denied.
            var dos = Start.AddDays(20 + (i * 30));
            history.Claim(dos, [new TestLine("20999")], authNumber: $"OK{i}", authOnFile: (dos.AddDays(-5), dos.AddDays(60), "20999"));
            history.Claim(dos.AddDays(3), [new TestLine("20999", Denial: "CO-197")], authNumber: $"OLD{i}", authOnFile: (dos.AddDays(-200), dos.AddDays(-20), "20999"));
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.AuthRequired);
        (rule.Support, rule.Denied, rule.ContrastSupport).ShouldBe((10, 10, 10));
        rule.Parameters.Days.ShouldBe(65); // the validity the payer's authorizations state
    }

    [Fact]
    public void GivenLateClaimsDenied_WhenMined_ThenTheFilingLimitIsBetweenTheLongestLagPaidAndTheShortestDenied()
    {
        var history = WithPaidVisits();
        foreach (var lag in new[] { 40, 70, 85 })
        {
            history.Claim(Start.AddDays(lag), [new TestLine("99203")], lagDays: lag);
        }

        foreach (var lag in new[] { 120, 150, 200, 260, 300 })
        {
            history.Claim(Start.AddDays(lag), [new TestLine("99203", Denial: "CO-29")], lagDays: lag);
        }

        var book = Mine(history);

        var rule = book.Rules.ShouldHaveSingleItem();
        rule.Shape.ShouldBe(LearnedShape.FilingLimit);
        (rule.Parameters.Days, rule.Parameters.DaysDenied).ShouldBe((85, 120));
        (rule.Unit, rule.Support, rule.Denied).ShouldBe(("claims", 5, 5));
        book.Payers.ShouldHaveSingleItem().LongestPaidLagDays.ShouldBe(85);
    }

    [Fact]
    public void GivenLateClaimsDeniedForAnotherReason_WhenMined_ThenNoFilingLimitIsLearned()
    {
        var history = WithPaidVisits();
        foreach (var lag in new[] { 40, 70, 85 })
        {
            history.Claim(Start.AddDays(lag), [new TestLine("99203")], lagDays: lag);
        }

        // Three late claims refused as late, five for missing information: most of what a filing limit would explain is not lateness.
        foreach (var (lag, carc) in new[] { (120, "CO-16"), (150, "CO-29"), (170, "CO-16"), (200, "CO-16"), (230, "CO-29"), (260, "CO-16"), (300, "CO-29"), (330, "CO-16") })
        {
            history.Claim(Start.AddDays(lag), [new TestLine("99203", Denial: carc)], lagDays: lag);
        }

        Mine(history).Rules.ShouldNotContain(r => r.Shape == LearnedShape.FilingLimit, "late claims refused mostly for missing information are not a filing limit");
    }

    [Fact]
    public void GivenMemberIdsOutOfThePayersFormatDenied_WhenMined_ThenTheAcceptedShapesAndPrefixAreLearned()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 6; i++)
        {
            history.Claim(Start.AddDays(30 * i), [new TestLine("99203", Denial: "CO-16/N382")], memberId: "GRN12345678");
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.MemberIdFormat);
        rule.Parameters.Shapes.ShouldBe(["AAA999999999"]);
        rule.Parameters.Pattern.ShouldBe("^(?:GRN[0-9]{9})$");
        rule.Evidence.ShouldNotContain("GRN12345678"); // shapes, never ids
    }

    [Fact]
    public void GivenARequirementThatStartsMidHistory_WhenMined_ThenTheRuleIsEffectiveFromThen()
    {
        var history = WithPaidVisits();
        var change = new DateOnly(2026, 6, 1);
        for (var i = 0; i < 10; i++)
        {
            history.Claim(Start.AddDays(i * 14), [new TestLine("70551")]);
            history.Claim(change.AddDays(i * 14), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.ReferringRequired);
        rule.EffectiveFrom.ShouldBe(change);
        rule.EffectiveTo.ShouldBeNull();
        (rule.Support, rule.Denied).ShouldBe((10, 10)); // measured within its dates
        rule.InEffectOn(change.AddDays(-1)).ShouldBeFalse();
        rule.Evidence.ShouldContain("in force from 2026-06-01, paid before");
    }

    [Fact]
    public void GivenUnitsAboveAMaximumDenied_WhenMined_ThenTheMaximumUnitsPerDayIsLearned()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 12; i++)
        {
            history.Claim(Start.AddDays(i * 20), [new TestLine("97110", Units: 1 + (i % 2))]);
            history.Claim(Start.AddDays(3 + (i * 20)), [new TestLine("97110", Units: 3 + (i % 2), Denial: "CO-151")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.UnitsPerDay);
        (rule.Parameters.MaxUnits, rule.Parameters.UnitsDenied).ShouldBe((2m, 3m));
    }

    [Fact]
    public void GivenTheSameCodeDeniedWithinAWindow_WhenMined_ThenAFrequencyLimitIsLearned()
    {
        var history = WithPaidVisits();
        for (var p = 0; p < 8; p++)
        {
            var patient = $"freq-{p}";
            var first = Start.AddDays(p * 7);
            history.Claim(first, [new TestLine("80061")], patient: patient);
            history.Claim(first.AddDays(20), [new TestLine("80061", Denial: "CO-119/N640")], patient: patient);
            history.Claim(first.AddDays(130), [new TestLine("80061")], patient: patient);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.Frequency);
        rule.Parameters.Days.ShouldBe(21); // denied at 20 days, paid at 110: "within 21 days" is what the evidence pins
        (rule.Support, rule.Denied).ShouldBe((8, 8));
    }

    [Fact]
    public void GivenAMissingModifierDenied_WhenMined_ThenTheModifierRequirementIsLearned()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 10; i++)
        {
            history.Claim(Start.AddDays(i * 20), [new TestLine("27599", Modifiers: [i % 2 == 0 ? "RT" : "LT"])]);
        }

        for (var i = 0; i < 6; i++)
        {
            history.Claim(Start.AddDays(7 + (i * 30)), [new TestLine("27599", Denial: "CO-4")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.ModifierRequired);
        rule.Parameters.Modifiers.ShouldBe(["RT", "LT", "50"]);
        (rule.Support, rule.Denied, rule.ContrastSupport).ShouldBe((6, 6, 10));
    }

    [Fact]
    public void GivenAPairBilledTheSameDayDenied_WhenMined_ThenTheBundledPairIsLearned()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(i * 25), [new TestLine("11981"), new TestLine("11983", Denial: "CO-97/N20")]);
            history.Claim(Start.AddDays(3 + (i * 25)), [new TestLine("11983")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.BundledPair);
        (rule.Parameters.OtherCode, rule.Parameters.Code).ShouldBe(("11981", "11983"));
        rule.Parameters.Modifiers.ShouldBe(["59", "XE", "XS", "XP", "XU"]);
    }

    [Fact]
    public void GivenACodePaidOnlyWithSomeDiagnoses_WhenMined_ThenTheCoveredDiagnosesAreLearned()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(i * 20), [new TestLine("95999", Dx: i % 2 == 0 ? "G47.33" : "G47.31")]);
            history.Claim(Start.AddDays(5 + (i * 20)), [new TestLine("95999", Dx: "R06.83", Denial: "CO-50")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.CoveredDiagnoses);
        rule.Parameters.Diagnoses.ShouldBe(["G4731", "G4733"]);
        rule.Parameters.DeniedDiagnoses.ShouldBe(["R0683"]);
    }

    [Fact]
    public void GivenUnspecifiedDiagnosesDenied_WhenMined_ThenThePayerWideRuleIsLearnedOnce()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(i * 20), [new TestLine(i % 2 == 0 ? "99203" : "99204", Dx: $"L{20 + i}.9", Denial: "CO-16/M76")]);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.UnspecifiedDiagnosis);
        rule.Parameters.DiagnosisPattern.ShouldBe("final-character-9");
    }

    [Fact]
    public void GivenClaimsWithoutCreatedDates_WhenMined_ThenTheFilingLimitIsLearnedFromTheDateThePayerReceivedThem()
    {
        var history = new HistoryBuilder();
        for (var i = 0; i < 30; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")], receivedOnEobOnly: true);
        }

        foreach (var lag in new[] { 100, 140, 180, 220, 260 })
        {
            history.Claim(Start.AddDays(lag), [new TestLine("99203", Denial: "CO-29")], lagDays: lag, receivedOnEobOnly: true);
        }

        var rule = Mine(history).Rules.ShouldHaveSingleItem();

        rule.Shape.ShouldBe(LearnedShape.FilingLimit);
        rule.Parameters.DaysDenied.ShouldBe(100);
    }

    [Fact]
    public void GivenAPayerNamedByReferenceOnly_WhenMined_ThenItsRulesAreKeyedByTheReferencedId()
    {
        var history = new HistoryBuilder("org-test-bare", "unused", withPayerResource: false);
        for (var i = 0; i < 30; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")]);
        }

        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 30)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        var book = Mine(history);

        book.History.WithoutServiceDateOrPayer.ShouldBe(0);
        book.Payers.ShouldHaveSingleItem().PayerId.ShouldBe("org-test-bare");
        book.Rules.ShouldHaveSingleItem().PayerId.ShouldBe("org-test-bare");
    }

    [Fact]
    public void GivenOnlyPaidClaims_WhenMined_ThenNoRuleAndThePayerIsSummarized()
    {
        var book = Mine(WithPaidVisits(40));

        book.Rules.ShouldBeEmpty();
        var payer = book.Payers.ShouldHaveSingleItem();
        (payer.PayerName, payer.Claims, payer.Denied, payer.EnoughHistory).ShouldBe(("Granite Test Plan", 40, 0, true));
    }

    [Fact]
    public void GivenTheSameHistory_WhenMinedTwice_ThenTheBooksAreIdentical()
    {
        var history = WithPaidVisits();
        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 30)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        Mine(history).ToJson().ShouldBe(Mine(history).ToJson());
    }
}
