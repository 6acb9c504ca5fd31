using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing.Corrections;

public sealed class TimedUnitsRuleTests
{
    [Theory]
    [InlineData(7, 0)]
    [InlineData(8, 1)] // the 8-minute threshold
    [InlineData(22, 1)]
    [InlineData(23, 2)]
    [InlineData(37, 2)]
    [InlineData(38, 3)]
    [InlineData(60, 4)]
    public void GivenTimedMinutes_WhenCounted_ThenTheEightMinuteRuleGivesTheUnits(int minutes, int units)
    {
        TimedUnitsRule.UnitsFor(minutes).ShouldBe(units);
    }

    [Theory]
    [InlineData(3, "Therapeutic exercise 10:00-10:40.", null)] // 40 min = 3 units: at the limit
    [InlineData(4, "Therapeutic exercise 10:00-10:40.", "3")] // one over
    [InlineData(4, "Start time: 2:00 pm. End time: 2:53 pm.", null)] // 53 min = 4 units
    [InlineData(2, "Therapeutic exercise 10:00-10:06.", "")] // 6 min: no unit, no safe fix
    [InlineData(4, "Therapeutic exercise, tolerated well.", null)] // no times: nothing to compare
    public void GivenOneTimedCode_WhenUnitsExceedTheDocumentedMinutes_ThenReviewWithTheDocumentedUnitsAsFix(decimal billed, string note, string? fixUnits)
    {
        var findings = new ClaimLevelRuleClaims().Line("97110", billed).Note(note).Run<TimedUnitsRule>();

        if (fixUnits is null)
        {
            findings.ShouldBeEmpty();
            return;
        }
        var finding = findings.ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("units.timed-exceeds-minutes");
        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.PredictedCarc.ShouldBe("CO-151");
        finding.Source.Document.ShouldContain("Pub. 100-04");
        if (fixUnits.Length == 0)
        {
            finding.Fix.ShouldBeNull();
        }
        else
        {
            finding.Fix.ShouldNotBeNull().Kind.ShouldBe(ClaimFixKind.SetUnits);
            finding.Fix.Value.ShouldBe(fixUnits);
        }
    }

    [Fact]
    public void GivenTwoTimedCodes_WhenScrubbed_ThenNothingIsJudgedBecauseTheMinutesAreNotSplitByCode()
    {
        new ClaimLevelRuleClaims().Line("97110", 4).Line("97140", 4).Note("Treatment 10:00-10:40.").Run<TimedUnitsRule>().ShouldBeEmpty();
    }
}
