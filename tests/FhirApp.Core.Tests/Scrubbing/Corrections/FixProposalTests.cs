using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Tests.Scrubbing.Corrections;

/// <summary>Which findings carry a safe fix: only those whose value the claim's own data determine, and nothing else.</summary>
public sealed class FixProposalTests
{
    [Theory]
    [InlineData("M17.11", "20610 #", "1")] // one diagnosis: it is the one
    [InlineData("M17.11,M25.561", "20610 #", null)] // two: a coder must choose
    [InlineData("M17.11,M25.561", "20610 #2,3", "2")] // the dangling pointer is dropped, the valid one kept
    [InlineData("M17.11", "20610 #3", "1")] // only dangling, one diagnosis
    [InlineData("M17.11,M25.561", "20610 #3", null)] // only dangling, two diagnoses
    public void GivenPointerFinding_WhenItsLineCanBeRepointedFromTheClaim_ThenTheFixSaysHow(string diagnoses, string line, string? pointers)
    {
        var finding = CodeRuleClaims.With(diagnoses, line).Run(new DiagnosisPointerRule()).ShouldHaveSingleItem();

        if (pointers is null)
        {
            finding.Fix.ShouldBeNull();
        }
        else
        {
            finding.Fix.ShouldBe(ClaimFix.SetDiagnosisPointers(1, pointers.Split(',').Select(int.Parse), finding.Fix!.Why));
        }
    }

    [Theory]
    [InlineData(new[] { "11", "11" }, "11")] // the other lines agree
    [InlineData(new[] { "11", "22" }, null)] // they disagree: a person decides
    [InlineData(new string[0], null)] // no other line
    public void GivenLineWithoutPlaceOfService_WhenTheOtherLinesAgree_ThenTheirPlaceIsTheFix(string[] others, string? expected)
    {
        var claim = new ClaimLevelRuleClaims().Line("20610", pos: null);
        foreach (var pos in others)
        {
            claim.Line("99213", pos: pos);
        }

        var finding = claim.Run<PlaceOfServiceRule>().ShouldHaveSingleItem();

        finding.LineSequence.ShouldBe(1);
        finding.Fix?.Value.ShouldBe(expected);
        (finding.Fix is null).ShouldBe(expected is null);
    }

    [Theory]
    [InlineData("Also evaluated: type 2 diabetes, A1c 7.4%.", "25")]
    [InlineData("Knee injected. Plan: ice.", null)]
    [InlineData("No separate problem was addressed.", null)] // negated
    public void GivenMissing25_WhenTheNoteNamesASeparateProblem_ThenAdding25IsTheFix(string note, string? modifier)
    {
        var finding = new ClaimLevelRuleClaims().Line("99213").Line("20610").Note(note)
            .Run<Modifier25Rule>(codes: CodeRuleClaims.Starter).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("modifiers.25-missing");
        finding.Fix?.Value.ShouldBe(modifier);
        (finding.Fix is null).ShouldBe(modifier is null);
        finding.Fix?.LineSequence.ShouldBe(1);
    }

    [Theory]
    [InlineData("Loose body removed from a separate compartment (lateral).", "XS")]
    [InlineData("Second procedure at a separate session the same afternoon.", "XE")]
    [InlineData("Routine arthroscopy.", null)]
    public void GivenBundledPair_WhenTheNoteNamesADistinctSiteOrSession_ThenTheMatchingXModifierIsTheFix(string note, string? modifier)
    {
        var finding = new ClaimLevelRuleClaims().Line("29881", modifiers: "RT").Line("29877", modifiers: "RT").Note(note)
            .Run<NcciPairRule>(codes: CodeRuleClaims.Starter).ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("modifiers.ncci-pair");
        finding.Fix?.Value.ShouldBe(modifier);
        (finding.Fix is null).ShouldBe(modifier is null);
        finding.Fix?.LineSequence.ShouldBe(2);
    }

    [Fact]
    public void GivenValidAuthWhoseNumberIsNotOnTheClaim_WhenScrubbed_ThenAttachingThatNumberIsTheFix()
    {
        var finding = new ClaimLevelRuleClaims().Line("20610").Auth("PA-77", "20610", onClaim: false)
            .Run<PriorAuthorizationRule>().ShouldHaveSingleItem();

        finding.RuleId.ShouldBe("auth.number-missing");
        finding.Fix.ShouldNotBeNull().Kind.ShouldBe(ClaimFixKind.AttachAuthNumber);
        finding.Fix.Value.ShouldBe("PA-77");
    }

    [Fact]
    public void GivenFindingsWithoutADeterminedValue_WhenScrubbed_ThenTheyCarryNoFix()
    {
        // Missing auth: only the payer can supply a number.
        new ClaimLevelRuleClaims().Line("20610").Run<PriorAuthorizationRule>().ShouldHaveSingleItem().Fix.ShouldBeNull();
    }
}
