using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class AnesthesiaPhysicalStatusRuleTests
{
    private readonly AnesthesiaPhysicalStatusRule _rule = new();

    [Theory]
    [InlineData("01402-AA-P3 x96", "")]
    [InlineData("01402-AA x96", "modifiers.anesthesia-status")]
    [InlineData("01402-P2-P3", "modifiers.anesthesia-status")]
    [InlineData("00100-P1", "")] // first anesthesia code
    [InlineData("00100", "modifiers.anesthesia-status")]
    [InlineData("01999-P6", "")] // last anesthesia code
    [InlineData("01999", "modifiers.anesthesia-status")]
    [InlineData("02000", "")] // outside the range
    [InlineData("00099", "")]
    public void GivenAnesthesiaLine_WhenScrubbed_ThenPhysicalStatusFindingsMatch(string line, string expected)
    {
        CodeRuleClaims.With("M17.11", line).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenNoPhysicalStatus_WhenScrubbed_ThenHoldCo4()
    {
        var finding = CodeRuleClaims.With("M17.11", "00840").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-4");
    }
}
