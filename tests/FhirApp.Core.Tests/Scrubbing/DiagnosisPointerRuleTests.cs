using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class DiagnosisPointerRuleTests
{
    private readonly DiagnosisPointerRule _rule = new();

    [Theory]
    [InlineData("M17.11", "20610 #1", "")]
    [InlineData("M17.11,M25.561", "20610 #2,1", "")]
    [InlineData("M17.11", "20610 #", "coding.dx-pointer-missing")]
    [InlineData("", "20610", "coding.dx-pointer-missing")] // no diagnoses at all
    [InlineData("M17.11,M25.561", "20610 #2", "")] // the last diagnosis: boundary
    [InlineData("M17.11,M25.561", "20610 #3", "coding.dx-pointer-invalid")] // one past the last
    [InlineData("M17.11,M25.561,E11.65,N18.31,Z79.4", "20610 #1,2,3,4", "")] // four pointers: the limit
    [InlineData("M17.11,M25.561,E11.65,N18.31,Z79.4", "20610 #1,2,3,4,5", "coding.dx-pointer-too-many")]
    public void GivenLinePointers_WhenScrubbed_ThenPointerFindingsMatch(string diagnoses, string line, string expected)
    {
        CodeRuleClaims.With(diagnoses, line).RuleIds(_rule).ShouldBe(expected);
    }

    [Fact]
    public void GivenSecondLineWithoutPointer_WhenScrubbed_ThenHoldOnThatLineWithCo16()
    {
        var finding = CodeRuleClaims.With("M17.11", "99213-25 #1", "20610 #").Run(_rule).ShouldHaveSingleItem();

        finding.LineSequence.ShouldBe(2);
        finding.Severity.ShouldBe(FindingSeverity.Hold);
        finding.PredictedCarc.ShouldBe("CO-16");
    }
}
