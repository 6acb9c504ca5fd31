using FhirApp.Core.Appeals;
using FhirApp.Core.Denials;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Appeals;

public sealed class AppealLogTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private static AppealDraft Draft(string claim, int unbacked = 0, string html = "<p>letter</p>") =>
        new(claim, "p-1", "org-payer", DenialCategory.MedicalNecessity, "first-level appeal", new DateOnly(2027, 1, 15), 180m, 2, 1, html, unbacked);

    [Theory]
    [Engines]
    public async Task GivenADraft_WhenEditedSentAndDecided_ThenOneRecordPerClaimAndLevelAndTheSentLetterIsFrozen(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AppealLog(db.Contexts, Clock);

        var first = await log.SaveDraftAsync("practice-a", Draft("c-1", unbacked: 1), "biller-1", CancellationToken.None);
        var edited = await log.SaveDraftAsync("practice-a", Draft("c-1", html: "<p>edited</p>"), "biller-2", CancellationToken.None);
        edited.Id.ShouldBe(first.Id);
        (edited.Html, edited.Unbacked, edited.CreatedBy, edited.UpdatedBy).ShouldBe(("<p>edited</p>", 0, "biller-1", "biller-2"));
        edited.Completeness.ShouldBe(EvidenceCompleteness.Partial);

        var sent = await log.MarkSubmittedAsync("practice-a", edited.Id, "DocumentReference/pk-1", "biller-2", CancellationToken.None);
        (sent.Status, sent.PacketDocument, sent.SubmittedAt).ShouldBe((AppealStatus.Submitted, "DocumentReference/pk-1", Clock.GetUtcNow().UtcDateTime));
        (await Should.ThrowAsync<InvalidOperationException>(() => log.SaveDraftAsync("practice-a", Draft("c-1", html: "<p>after</p>"), "biller-2", CancellationToken.None)))
            .Message.ShouldContain("already sent");
        (await log.FindAsync("practice-a", "c-1", "first-level appeal", CancellationToken.None)).ShouldNotBeNull().Html.ShouldBe("<p>edited</p>");

        await log.RecordOutcomeAsync("practice-a", sent.Id, AppealStatus.Overturned, "biller-2", CancellationToken.None);
        var decided = (await log.DecidedAsync("practice-a", CancellationToken.None)).ShouldHaveSingleItem();
        decided.ShouldBe(new AppealOutcomeFact(DenialCategory.MedicalNecessity, "org-payer", "first-level appeal", EvidenceCompleteness.Partial, AppealStatus.Overturned));

        // Another practice sees none of it, and cannot act on it by id.
        (await log.ForClaimsAsync("practice-b", ["c-1"], CancellationToken.None)).ShouldBeEmpty();
        (await log.DecidedAsync("practice-b", CancellationToken.None)).ShouldBeEmpty();
        await Should.ThrowAsync<InvalidOperationException>(() => log.RecordOutcomeAsync("practice-b", sent.Id, AppealStatus.Upheld, "x", CancellationToken.None));
    }

    [Theory]
    [Engines]
    public async Task GivenAnUnbackedOrUnsentLetter_WhenSentOrDecided_ThenRefusedWithAReason(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AppealLog(db.Contexts, Clock);
        var draft = await log.SaveDraftAsync("practice-a", Draft("c-2", unbacked: 2), "biller", CancellationToken.None);

        (await Should.ThrowAsync<InvalidOperationException>(() => log.MarkSubmittedAsync("practice-a", draft.Id, "DocumentReference/x", "biller", CancellationToken.None)))
            .Message.ShouldContain("2 sentence(s) without backing");
        (await Should.ThrowAsync<InvalidOperationException>(() => log.RecordOutcomeAsync("practice-a", draft.Id, AppealStatus.Upheld, "biller", CancellationToken.None)))
            .Message.ShouldContain("Send the appeal");
        await Should.ThrowAsync<ArgumentException>(() => log.RecordOutcomeAsync("practice-a", draft.Id, AppealStatus.Draft, "biller", CancellationToken.None));
        (await log.FindAsync("practice-a", "c-2", "first-level appeal", CancellationToken.None)).ShouldNotBeNull().Status.ShouldBe(AppealStatus.Draft);
    }
}
