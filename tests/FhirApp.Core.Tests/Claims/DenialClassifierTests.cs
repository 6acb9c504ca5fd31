using FhirApp.Core.Claims;

namespace FhirApp.Core.Tests.Claims;

public sealed class DenialClassifierTests
{
    [Theory]
    [InlineData("CO", "45", false)]
    [InlineData("CO", "253", false)]
    [InlineData("PR", "1", false)]
    [InlineData("PR", "2", false)]
    [InlineData("PR", "3", false)]
    [InlineData(null, "45", false)]
    [InlineData("CR", "16", false)]
    [InlineData("PR", "27", true)]
    [InlineData("CO", "197", true)]
    [InlineData("CO", "50", true)]
    [InlineData("CO", "236", true)]
    [InlineData("OA", "18", true)]
    [InlineData("PR", "B7", true)]
    [InlineData(null, "21", true)]
    public void GivenCarcAndGroup_WhenClassified_ThenOnlyRealDenialsCount(string? group, string carc, bool expected) =>
        DenialClassifier.IsDenial(group, carc, isCarc: true, system: null).ShouldBe(expected);

    [Theory]
    [InlineData("http://terminology.hl7.org/CodeSystem/NCPDPRejectCode", "62", true)]
    [InlineData("http://terminology.hl7.org/CodeSystem/adjudication-reason", "ar002", false)]
    public void GivenNonCarcReason_WhenClassified_ThenOnlyPharmacyRejectsAreDenials(string system, string code, bool expected) =>
        DenialClassifier.IsDenial(null, code, isCarc: false, system).ShouldBe(expected);

    [Theory]
    [InlineData("CO120", "CO", "120")]
    [InlineData("PR-27", "PR", "27")]
    [InlineData("OAB7", "OA", "B7")]
    public void GivenCombinedGroupAndCarc_WhenSplit_ThenBothParts(string code, string group, string carc)
    {
        DenialClassifier.TrySplitGroupAndCarc(code, out var actualGroup, out var actualCarc).ShouldBeTrue();
        (actualGroup, actualCarc).ShouldBe((group, carc));
    }

    [Theory]
    [InlineData("XX120")]
    [InlineData("car")]
    [InlineData("0")]
    public void GivenNotAGroupAndCarc_WhenSplit_ThenFalse(string code) =>
        DenialClassifier.TrySplitGroupAndCarc(code, out _, out _).ShouldBeFalse();

    [Fact]
    public void GivenEveryLineDeniedWithNoBenefit_WhenOutcomeClassified_ThenDenied() =>
        DenialClassifier.ClassifyOutcome("complete", [Line(1, 0, Reason("PR", "27")), Line(2, 0, Reason("PR", "27"))], [], 0)
            .ShouldBe(ClaimOutcomes.Denied);

    [Fact]
    public void GivenOneLineDenied_WhenOutcomeClassified_ThenPartiallyDenied() =>
        DenialClassifier.ClassifyOutcome("partial", [Line(1, 68.50m, Reason("CO", "45")), Line(2, 0, Reason("CO", "197"))], [], 68.50m)
            .ShouldBe(ClaimOutcomes.PartiallyDenied);

    [Fact]
    public void GivenOnlyWriteDownAndCoinsurance_WhenOutcomeClassified_ThenPaid() =>
        DenialClassifier.ClassifyOutcome("complete", [Line(1, 409.92m, Reason("CO", "45"), Reason("PR", "2"))], [], 409.92m)
            .ShouldBe(ClaimOutcomes.Paid);

    [Fact]
    public void GivenDeductibleTakesTheWholeLine_WhenOutcomeClassified_ThenPaidNotDenied() =>
        DenialClassifier.ClassifyOutcome("complete", [Line(1, 0, Reason("PR", "1"))], [], 0)
            .ShouldBe(ClaimOutcomes.Paid);

    [Fact]
    public void GivenDenialReasonOnALineThatStillPaid_WhenOutcomeClassified_ThenPartiallyPaid() =>
        DenialClassifier.ClassifyOutcome("complete", [Line(1, 20m, Reason("CO", "59"))], [], 20m)
            .ShouldBe(ClaimOutcomes.PartiallyPaid);

    [Fact]
    public void GivenHeaderOnlyDenialAndNoPayment_WhenOutcomeClassified_ThenDenied() =>
        DenialClassifier.ClassifyOutcome("complete", [], [Reason("CO", "29")], 0)
            .ShouldBe(ClaimOutcomes.Denied);

    [Theory]
    [InlineData("queued", ClaimOutcomes.Queued)]
    [InlineData("error", ClaimOutcomes.Error)]
    [InlineData("partial", ClaimOutcomes.PartiallyPaid)]
    [InlineData("complete", ClaimOutcomes.Paid)]
    public void GivenFhirOutcomeWithoutReasons_WhenOutcomeClassified_ThenLabelFollowsTheOutcome(string outcome, string expected) =>
        DenialClassifier.ClassifyOutcome(outcome, [], [], null).ShouldBe(expected);

    [Fact]
    public void GivenDenialReasonWithoutLineBenefit_WhenHeaderPaid_ThenLineIsNotDenied()
    {
        DenialClassifier.IsLineDenied([Reason("CO", "21")], linePaid: null, headerPaid: 620m).ShouldBeFalse();
        DenialClassifier.IsLineDenied([Reason("CO", "21")], linePaid: null, headerPaid: null).ShouldBeTrue();
        DenialClassifier.IsLineDenied([Reason("CO", "45")], linePaid: 0, headerPaid: 0).ShouldBeFalse();
    }

    private static AdjudicationReason Reason(string group, string carc) => new()
    {
        GroupCode = group,
        Code = carc,
        IsCarc = true,
        IsDenial = DenialClassifier.IsDenial(group, carc, isCarc: true, system: null),
    };

    private static LineAdjudication Line(int sequence, decimal paid, params AdjudicationReason[] reasons) => new()
    {
        Sequence = sequence,
        Paid = paid,
        Reasons = reasons,
        Denied = DenialClassifier.IsLineDenied(reasons, paid, null),
    };
}
