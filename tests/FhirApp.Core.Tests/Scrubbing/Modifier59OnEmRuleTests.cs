using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class Modifier59OnEmRuleTests
{
    private readonly Modifier59OnEmRule _rule = new();

    [Theory]
    [InlineData("99213-59", "modifiers.59-on-em")]
    [InlineData("99214-XS", "modifiers.59-on-em")]
    [InlineData("99202-XU", "modifiers.59-on-em")] // lowest E/M
    [InlineData("99499-59", "modifiers.59-on-em")] // highest E/M
    [InlineData("99213-25", "")]
    [InlineData("99201-59", "")] // below the E/M range
    [InlineData("29877-59", "")] // a procedure: 59 is its modifier
    public void GivenLine_WhenScrubbed_ThenModifier59OnEmFindingsMatch(string line, string expected)
    {
        CodeRuleClaims.With("M17.11", line).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void Given59OnEm_WhenScrubbed_ThenReviewWithCo4()
    {
        var finding = CodeRuleClaims.With("M17.11", "99213-59").Run(_rule).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(FindingSeverity.Review);
        finding.PredictedCarc.ShouldBe("CO-4");
    }
}
