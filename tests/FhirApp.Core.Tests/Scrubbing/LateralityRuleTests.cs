using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class LateralityRuleTests
{
    private readonly LateralityRule _rule = new();

    [Theory]
    [InlineData(new[] { "20610-RT" }, "")]
    [InlineData(new[] { "20610-50" }, "")]
    [InlineData(new[] { "20610-RT", "20610-LT" }, "")] // one line per side
    [InlineData(new[] { "20610-RT-LT" }, "modifiers.laterality-conflict")]
    [InlineData(new[] { "20610-50-RT" }, "modifiers.laterality-conflict")]
    [InlineData(new[] { "20610-LT-50" }, "modifiers.laterality-conflict")]
    public void GivenLateralityModifiers_WhenScrubbed_ThenConflictsMatch(string[] lines, string expected)
    {
        CodeRuleClaims.With("M17.11", lines).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenRightAndLeftOnOneLine_WhenScrubbed_ThenReviewCo4OnThatLine()
    {
        var finding = CodeRuleClaims.With("M17.11", "99213", "73562-RT-LT").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.PredictedCarc.ShouldBe("CO-4");
        finding.LineSequence.ShouldBe(2);
    }
}
