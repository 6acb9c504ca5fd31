using FhirApp.Core.Audit;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Denials;

/// <summary>The demo practice's denials moved by the actions themselves, on both engines.</summary>
public sealed class DenialStatusMovesTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));

    private static readonly DenialCauseTable Table = DenialCauseTable.Load();

    private static readonly DenialDeadlines Deadlines = new(RuleBookLoader.Load().Payers, Clock);

    private static readonly AuditActor Ana = AuditActor.System("ana");

    private static async Task<(TestDatabase Db, DenialService Service, IReadOnlyList<DenialQueueRow> Queue)> DemoAsync(string engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        await new DenialIntake(db.Contexts, new DenialDetector(Table), Deadlines, Clock).StoreAsync("practice-a", "test", DenialIntakeTests.DemoAdjudications(), CancellationToken.None);
        var service = new DenialService(db.Contexts, new DenialTriage(Table, new DenialOptions()), Deadlines, new DenialOptions(), Clock);
        return (db, service, await service.GetQueueAsync("practice-a", includeClosed: false, CancellationToken.None));
    }

    [Theory]
    [Engines]
    public async Task GivenOpenItems_WhenAssignedOrACallIsLogged_ThenTheyAreWorking(string engine)
    {
        var (db, service, queue) = await DemoAsync(engine);
        await using var _ = db;
        var (first, second) = (queue[0], queue[1]);

        await service.UpdateAsync("practice-a", [first.Id], new DenialUpdate { Assignee = "ana", By = Ana }, CancellationToken.None);
        await service.AddNoteAsync("practice-a", second.Id, new DenialCallNote("Jo", "REF-1", null, null), Ana, CancellationToken.None);

        var after = await service.GetQueueAsync("practice-a", includeClosed: false, CancellationToken.None);
        after.Single(r => r.Id == first.Id).Status.ShouldBe(DenialStatus.Working);
        after.Single(r => r.Id == second.Id).Status.ShouldBe(DenialStatus.Working);
        after.Where(r => r.Id != first.Id && r.Id != second.Id).ShouldAllBe(r => r.Status == DenialStatus.Open);
    }

    [Theory]
    [Engines]
    public async Task GivenAnOpenItem_WhenWrittenOffWithoutThenWithAReason_ThenRefusedFirstAndThenClosedWithTheReasonAsItsDecision(string engine)
    {
        var (db, service, queue) = await DemoAsync(engine);
        await using var _ = db;
        var item = queue[0];

        var refused = await Should.ThrowAsync<DenialWorkRefusedException>(() =>
            service.UpdateAsync("practice-a", [item.Id], new DenialUpdate { Status = DenialStatus.WrittenOff }, CancellationToken.None));
        refused.Message.ShouldBe("Choose a write-off reason before writing the item off.");
        (await service.GetQueueAsync("practice-a", false, CancellationToken.None)).Single(r => r.Id == item.Id).Status.ShouldBe(DenialStatus.Open);

        await service.UpdateAsync("practice-a", [item.Id], new DenialUpdate { Status = DenialStatus.WrittenOff, WriteOffReason = "Balance too small to work" }, CancellationToken.None);

        (await service.GetQueueAsync("practice-a", false, CancellationToken.None)).ShouldNotContain(r => r.Id == item.Id, "the work list shrinks");
        var closed = (await service.GetQueueAsync("practice-a", includeClosed: true, CancellationToken.None)).Single(r => r.Id == item.Id);
        (closed.Status, closed.Route, closed.Decision).ShouldBe((DenialStatus.WrittenOff, DenialRoute.WriteOff, "Written off: Balance too small to work"));
    }

    [Theory]
    [Engines]
    public async Task GivenASelectionWithOneClosedItem_WhenBulkSetToAppealed_ThenNothingChangesAndTheRefusalSaysSo(string engine)
    {
        var (db, service, queue) = await DemoAsync(engine);
        await using var _ = db;
        await service.UpdateAsync("practice-a", [queue[0].Id], new DenialUpdate { Status = DenialStatus.Closed }, CancellationToken.None);

        var refused = await Should.ThrowAsync<DenialWorkRefusedException>(() => service.UpdateAsync("practice-a", [queue[0].Id, queue[1].Id],
            new DenialUpdate { Status = DenialStatus.Appealed, DueDate = new DateOnly(2026, 6, 1) }, CancellationToken.None));

        refused.Message.ShouldStartWith("Nothing was changed: An item that is closed cannot be set to appealed.");
        (await service.GetQueueAsync("practice-a", includeClosed: true, CancellationToken.None)).Single(r => r.Id == queue[1].Id).Status.ShouldBe(DenialStatus.Open);
    }

    [Theory]
    [Engines]
    public async Task GivenAnAppealReachedThePayer_WhenMarked_ThenItsLinesAreAppealedWithAFollowUpDateAndOtherClaimsAreUntouched(string engine)
    {
        var (db, service, queue) = await DemoAsync(engine);
        await using var _ = db;
        var james = queue.Single(r => r.Reason == "CO-50");

        (await service.MarkAppealedAsync("practice-a", james.ClaimId, [james.Line], followUp: null, Ana, CancellationToken.None)).ShouldBe(1);
        (await service.MarkAppealedAsync("practice-a", james.ClaimId, [james.Line], followUp: null, Ana, CancellationToken.None)).ShouldBe(0, "once");

        var after = await service.GetQueueAsync("practice-a", includeClosed: false, CancellationToken.None);
        var appealed = after.Single(r => r.Id == james.Id);
        (appealed.Status, appealed.DueDate, appealed.NextAction).ShouldBe((DenialStatus.Appealed, new DateOnly(2026, 5, 31), "Follow up with the payer on the appeal"));
        after.Where(r => r.Id != james.Id).ShouldAllBe(r => r.Status == DenialStatus.Open);
    }

    [Theory]
    [Engines]
    public async Task GivenACorrectedClaimWasBuilt_WhenMarked_ThenOnlyItsCorrectedClaimLinesMove(string engine)
    {
        var (db, service, queue) = await DemoAsync(engine);
        await using var _ = db;
        var corrected = queue.First(r => r.Route == DenialRoute.CorrectedClaim && r.Kind == DenialKind.Denial);
        var expected = queue.Count(r => r.ClaimId == corrected.ClaimId && r.Route == DenialRoute.CorrectedClaim && r.Kind == DenialKind.Denial);

        (await service.MarkCorrectedClaimSentAsync("practice-a", corrected.ClaimId, Ana, CancellationToken.None)).ShouldBe(expected);

        var after = await service.GetQueueAsync("practice-a", includeClosed: false, CancellationToken.None);
        after.Single(r => r.Id == corrected.Id).Status.ShouldBe(DenialStatus.CorrectedClaimSent);
        after.Where(r => r.ClaimId != corrected.ClaimId).ShouldAllBe(r => r.Status == DenialStatus.Open);
    }
}
