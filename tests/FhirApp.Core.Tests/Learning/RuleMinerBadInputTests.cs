using FhirApp.Core.Learning;

namespace FhirApp.Core.Tests.Learning;

/// <summary>Bad input: missing outcomes, EOBs without claims, several versions of one EOB, unknown codes are counted and skipped; mining continues.</summary>
public sealed class RuleMinerBadInputTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);

    [Fact]
    public void GivenAHistoryWithBadInput_WhenMined_ThenEachProblemIsCountedAndTheRulesAreStillLearned()
    {
        var history = new HistoryBuilder();
        for (var i = 0; i < 30; i++)
        {
            history.Claim(Start.AddDays(i * 9), [new TestLine("99203")]);
        }

        for (var i = 0; i < 8; i++)
        {
            history.Claim(Start.AddDays(10 + (i * 30)), [new TestLine("70551", Denial: "CO-16/N286")]);
        }

        // 1. Three claims without any outcome.
        for (var i = 0; i < 3; i++)
        {
            history.Claim(Start.AddDays(40 + i), [new TestLine("70551")], adjudicated: false);
        }

        // 2. An EOB whose claim is not in the history.
        history.OrphanEob("eob-orphan", Start.AddDays(50));
        // 3. A paid claim whose later EOB version denies it: the later one stands, the earlier is skipped.
        var revised = history.Claim(Start.AddDays(60), [new TestLine("99203")], patient: "p-revised");
        history.AddEob("eob-revised-v2", revised, "p-revised", Start.AddDays(120), [new TestLine("99203", Denial: "CO-50")]);
        // 4. A line whose code is not a CPT / HCPCS code, and a reason the CARC table does not list.
        history.Claim(Start.AddDays(70), [new TestLine("99203"), new TestLine("ABC")]);
        history.Claim(Start.AddDays(71), [new TestLine("99203", Denial: "CO-Z9")]);

        var book = RuleMiner.Mine(history.Resources, new DateOnly(2026, 12, 31));

        var h = book.History;
        (h.Claims, h.Adjudicated, h.WithoutOutcome, h.EobsWithoutClaim, h.SupersededAdjudications).ShouldBe((44, 41, 3, 1, 1));
        (h.UnknownCodeLines, h.UnknownReasonCodes, h.Denied).ShouldBe((1, 1, 10));
        book.Rules.ShouldHaveSingleItem().Parameters.Code.ShouldBe("70551");
        book.Rules[0].Support.ShouldBe(8); // the three claims without an outcome are not counted as paid
    }
}
