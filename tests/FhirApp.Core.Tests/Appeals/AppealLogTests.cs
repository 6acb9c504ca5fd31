using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Appeals;

public sealed class AppealLogTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private static AppealDraft Draft(string claim, int unbacked = 0, string html = "<p>letter</p>") =>
        new(claim, "p-1", "org-payer", DenialCategory.MedicalNecessity, "first-level appeal", new DateOnly(2027, 1, 15), 180m, 2, 1, html, unbacked) { Lines = [1, 3] };

    [Theory]
    [Engines]
    public async Task GivenADraft_WhenFiledSentAndDecided_ThenFilingIsNotSendingAndTheSentLetterIsFrozen(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AppealLog(db.Contexts, Clock);

        var first = await log.SaveDraftAsync("practice-a", Draft("c-1", unbacked: 1), "biller-1", CancellationToken.None);
        var edited = await log.SaveDraftAsync("practice-a", Draft("c-1", html: "<p>edited</p>"), "biller-2", CancellationToken.None);
        edited.Id.ShouldBe(first.Id);
        (edited.Html, edited.Unbacked, edited.CreatedBy, edited.UpdatedBy, edited.Lines).ShouldBe(("<p>edited</p>", 0, "biller-1", "biller-2", "1 3"));
        edited.Completeness.ShouldBe(EvidenceCompleteness.Partial);

        // Filed in the chart: frozen, but not sent, and no payer decision can be recorded on it.
        var filed = await log.MarkFiledAsync("practice-a", edited.Id, "DocumentReference/pk-1", "biller-2", CancellationToken.None);
        (filed.Status, filed.PacketDocument, filed.FiledAt, filed.SubmittedAt).ShouldBe((AppealStatus.Filed, "DocumentReference/pk-1", Clock.GetUtcNow().UtcDateTime, (DateTime?)null));
        (await Should.ThrowAsync<InvalidOperationException>(() => log.SaveDraftAsync("practice-a", Draft("c-1", html: "<p>after</p>"), "biller-2", CancellationToken.None)))
            .Message.ShouldContain("filed in the chart");
        (await Should.ThrowAsync<InvalidOperationException>(() => log.RecordOutcomeAsync("practice-a", filed.Id, AppealStatus.Overturned, null, null, "biller-2", CancellationToken.None)))
            .Message.ShouldContain("Send the appeal to the payer");

        // Sent: only with the payer's acknowledgement, which is kept.
        await Should.ThrowAsync<ArgumentException>(() => log.MarkSentAsync("practice-a", filed.Id, "cdex", " ", null, "biller-2", CancellationToken.None));
        var sent = await log.MarkSentAsync("practice-a", filed.Id, "cdex", "PAYER-ACK-1", "{\"resourceType\":\"OperationOutcome\"}", "biller-2", CancellationToken.None);
        (sent.Status, sent.Channel, sent.Acknowledgement, sent.PacketDocument).ShouldBe((AppealStatus.Submitted, "cdex", "PAYER-ACK-1", "DocumentReference/pk-1"));
        (await Should.ThrowAsync<InvalidOperationException>(() => log.MarkSentAsync("practice-a", sent.Id, "cdex", "again", null, "biller-2", CancellationToken.None)))
            .Message.ShouldContain("already sent");

        var decided = await log.RecordOutcomeAsync("practice-a", sent.Id, AppealStatus.Upheld, new DateOnly(2027, 2, 1), "UP-9", "biller-2", CancellationToken.None);
        (decided.OutcomeDate, decided.OutcomeReference).ShouldBe((new DateOnly(2027, 2, 1), "UP-9"));
        (await log.DecidedAsync("practice-a", CancellationToken.None)).ShouldHaveSingleItem()
            .ShouldBe(new AppealOutcomeFact(DenialCategory.MedicalNecessity, "org-payer", "first-level appeal", EvidenceCompleteness.Partial, AppealStatus.Upheld));

        // Another practice sees none of it, and cannot act on it by id.
        (await log.ForClaimsAsync("practice-b", ["c-1"], CancellationToken.None)).ShouldBeEmpty();
        (await log.DecidedAsync("practice-b", CancellationToken.None)).ShouldBeEmpty();
        await Should.ThrowAsync<InvalidOperationException>(() => log.RecordOutcomeAsync("practice-b", sent.Id, AppealStatus.Upheld, null, null, "x", CancellationToken.None));
    }

    [Theory]
    [Engines]
    public async Task GivenAnExport_WhenConfirmed_ThenSentOnlyWithTheConfirmation(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AppealLog(db.Contexts, Clock);
        var draft = await log.SaveDraftAsync("practice-a", Draft("c-3"), "biller", CancellationToken.None);

        var exported = await log.MarkExportedAsync("practice-a", draft.Id, "fax", "biller", CancellationToken.None);
        (exported.Status, exported.SubmittedAt).ShouldBe((AppealStatus.Exported, (DateTime?)null));
        var sent = await log.MarkSentAsync("practice-a", draft.Id, "fax", "Fax confirmation 0412", null, "biller", CancellationToken.None);
        (sent.Status, sent.Channel, sent.Acknowledgement).ShouldBe((AppealStatus.Submitted, "fax", "Fax confirmation 0412"));
    }

    [Theory]
    [Engines]
    public async Task GivenAnUnbackedOrUnsentLetter_WhenFiledSentOrDecided_ThenRefusedWithAReason(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AppealLog(db.Contexts, Clock);
        var draft = await log.SaveDraftAsync("practice-a", Draft("c-2", unbacked: 2), "biller", CancellationToken.None);

        (await Should.ThrowAsync<InvalidOperationException>(() => log.MarkFiledAsync("practice-a", draft.Id, "DocumentReference/x", "biller", CancellationToken.None)))
            .Message.ShouldContain("2 sentence(s) without backing");
        (await Should.ThrowAsync<InvalidOperationException>(() => log.MarkSentAsync("practice-a", draft.Id, "cdex", "ack", null, "biller", CancellationToken.None)))
            .Message.ShouldContain("2 sentence(s) without backing");
        (await Should.ThrowAsync<InvalidOperationException>(() => log.RecordOutcomeAsync("practice-a", draft.Id, AppealStatus.Upheld, null, null, "biller", CancellationToken.None)))
            .Message.ShouldContain("Send the appeal");
        await Should.ThrowAsync<ArgumentException>(() => log.RecordOutcomeAsync("practice-a", draft.Id, AppealStatus.Draft, null, null, "biller", CancellationToken.None));
        (await log.FindAsync("practice-a", "c-2", "first-level appeal", CancellationToken.None)).ShouldNotBeNull().Status.ShouldBe(AppealStatus.Draft);
    }
}
