using FhirApp.Core.Denials;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialStatusMachineTests
{
    private static readonly DateOnly FollowUp = new(2026, 6, 1);

    [Theory]
    [InlineData(DenialStatus.Open, DenialStatus.Working)]
    [InlineData(DenialStatus.Working, DenialStatus.Appealed)]
    [InlineData(DenialStatus.Working, DenialStatus.CorrectedClaimSent)]
    [InlineData(DenialStatus.Appealed, DenialStatus.Closed)]
    [InlineData(DenialStatus.Appealed, DenialStatus.Working)]
    [InlineData(DenialStatus.CorrectedClaimSent, DenialStatus.Closed)]
    [InlineData(DenialStatus.Closed, DenialStatus.Open)]
    [InlineData(DenialStatus.WrittenOff, DenialStatus.Open)]
    public void GivenAStatus_WhenMovedAlongTheWork_ThenTheMoveIsAllowed(DenialStatus from, DenialStatus to) =>
        DenialStatusMachine.Refusal(from, to, writeOffReason: null, FollowUp).ShouldBeNull();

    [Theory]
    [InlineData(DenialStatus.Closed, DenialStatus.Appealed)]
    [InlineData(DenialStatus.WrittenOff, DenialStatus.Working)]
    [InlineData(DenialStatus.Appealed, DenialStatus.Open)]
    [InlineData(DenialStatus.WrittenOff, DenialStatus.Closed)]
    public void GivenAClosedOrSentItem_WhenMovedBackwardsOrSideways_ThenTheMoveIsRefusedInWords(DenialStatus from, DenialStatus to)
    {
        var refusal = DenialStatusMachine.Refusal(from, to, "Billed in error", FollowUp);

        refusal.ShouldNotBeNull();
        refusal.ShouldContain(DenialStatusMachine.Words(from).ToLowerInvariant());
        refusal.ShouldNotContain("WrittenOff", Case.Sensitive);
        refusal.ShouldNotContain("CorrectedClaimSent", Case.Sensitive);
    }

    [Fact]
    public void GivenAnOpenItem_WhenWrittenOffWithoutAReasonOrWithOtherAlone_ThenRefusedUntilAReasonIsGiven()
    {
        DenialStatusMachine.Refusal(DenialStatus.Open, DenialStatus.WrittenOff, null, null).ShouldBe("Choose a write-off reason before writing the item off.");
        DenialStatusMachine.Refusal(DenialStatus.Open, DenialStatus.WrittenOff, "  ", null).ShouldNotBeNull();
        DenialStatusMachine.Refusal(DenialStatus.Open, DenialStatus.WrittenOff, "Other", null).ShouldNotBeNull();
        DenialStatusMachine.Refusal(DenialStatus.Open, DenialStatus.WrittenOff, "Appeal deadline passed", null).ShouldBeNull();
    }

    [Fact]
    public void GivenAWorkingItem_WhenSetToAppealedWithoutAFollowUpDate_ThenRefused()
    {
        DenialStatusMachine.Refusal(DenialStatus.Working, DenialStatus.Appealed, null, null).ShouldBe("Choose a follow-up date for the appeal.");
        DenialStatusMachine.Refusal(DenialStatus.Working, DenialStatus.Appealed, null, FollowUp).ShouldBeNull();
    }

    [Fact]
    public void GivenEveryStatus_WhenShownAndStored_ThenWordsHaveNoEnumNamesAndStoredNamesReadBack()
    {
        Enum.GetValues<DenialStatus>().Select(DenialStatusMachine.Words)
            .ShouldBe(["Open", "Working", "Appealed", "Corrected claim sent", "Written off", "Closed"]);
        foreach (var status in Enum.GetValues<DenialStatus>())
        {
            DenialStatusMachine.FromStored(DenialStatusMachine.Stored(status)).ShouldBe(status);
        }

        // Rows written before the machine keep their stored text.
        (DenialStatusMachine.FromStored("InProgress"), DenialStatusMachine.FromStored("Resubmitted"), DenialStatusMachine.FromStored("Resolved"))
            .ShouldBe((DenialStatus.Working, DenialStatus.CorrectedClaimSent, DenialStatus.Closed));
        DenialStatusMachine.ClosedStatuses.ShouldBe([DenialStatus.WrittenOff, DenialStatus.Closed]);
    }
}
