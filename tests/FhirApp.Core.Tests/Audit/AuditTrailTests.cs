using FhirApp.Core.Audit;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Audit;

public sealed class AuditTrailTests
{
    private static readonly AuditActor Biller = new("Practitioner/pr-1", "launch-1");

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));

    [Theory]
    [Engines]
    public async Task GivenSameReadTwiceWithinAMinute_WhenRecorded_ThenOneEntryCountsBothAndALaterReadIsNew(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = NewClock();
        var trail = new AuditTrail(db.Contexts, clock);
        var read = new AuditRecord(AuditAction.Read, "Claim/c-1", "view-claim", "Patient/p-1");

        await trail.RecordAsync("practice-a", Biller, read, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(40));
        await trail.RecordAsync("practice-a", Biller, read, CancellationToken.None);
        var (coalesced, total) = await trail.QueryAsync(new AuditQuery("practice-a"), CancellationToken.None);

        total.ShouldBe(1);
        coalesced[0].Count.ShouldBe(2);
        (coalesced[0].User, coalesced[0].LaunchId, coalesced[0].What, coalesced[0].Patient, coalesced[0].Purpose)
            .ShouldBe(("Practitioner/pr-1", "launch-1", "Claim/c-1", "Patient/p-1", "view-claim"));

        clock.Advance(TimeSpan.FromSeconds(30)); // 70 s after the first: outside its window
        await trail.RecordAsync("practice-a", Biller, read, CancellationToken.None);
        await trail.RecordAsync("practice-a", Biller with { LaunchId = "launch-2" }, read, CancellationToken.None); // another launch: its own entry
        await trail.RecordAsync("practice-a", Biller, read with { Outcome = AuditOutcome.Denied }, CancellationToken.None); // another outcome too
        (await trail.QueryAsync(new AuditQuery("practice-a"), CancellationToken.None)).Total.ShouldBe(4);
    }

    [Theory]
    [Engines]
    public async Task GivenChangesAreNeverCoalesced_WhenTheSameUpdateIsRecordedTwice_ThenBothAreKept(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var trail = new AuditTrail(db.Contexts, NewClock());
        var update = new AuditRecord(AuditAction.Update, "Claim/c-1", "appeal-draft", "Patient/p-1");

        await trail.RecordAsync("practice-a", Biller, update, CancellationToken.None);
        await trail.RecordAsync("practice-a", Biller, update, CancellationToken.None);

        var (entries, total) = await trail.QueryAsync(new AuditQuery("practice-a"), CancellationToken.None);
        total.ShouldBe(2);
        entries.ShouldAllBe(e => e.Count == 1);
    }

    [Theory]
    [Engines]
    public async Task GivenTwoPractices_WhenEachQueriesOrExports_ThenItSeesOnlyItsOwnEntries(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var trail = new AuditTrail(db.Contexts, NewClock());
        await trail.RecordAsync("practice-a", Biller, new AuditRecord(AuditAction.Read, "Patient/p-1", "view-claims", "Patient/p-1"), CancellationToken.None);
        await trail.RecordAsync("practice-b", Biller, new AuditRecord(AuditAction.Read, "Patient/p-1", "view-claims", "Patient/p-1"), CancellationToken.None);
        await trail.RecordAsync("practice-b", Biller, new AuditRecord(AuditAction.Create, "Task/t-1", "addendum-request", "Patient/p-1"), CancellationToken.None);

        var a = await trail.QueryAsync(new AuditQuery("practice-a") { Patient = "p-1" }, CancellationToken.None);
        a.Total.ShouldBe(1);
        a.Entries.ShouldAllBe(e => e.Tenant == "practice-a");
        (await trail.ExportAsync("practice-b", null, null, CancellationToken.None)).Select(e => e.What).ShouldBe(["Patient/p-1", "Task/t-1"]);
        (await trail.QueryAsync(new AuditQuery("practice-c"), CancellationToken.None)).Total.ShouldBe(0);
    }

    [Theory]
    [Engines]
    public async Task GivenEntriesOfSeveralUsersPatientsActionsAndDays_WhenFiltered_ThenEachFilterNarrowsAndPagesAreNewestFirst(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = NewClock();
        var trail = new AuditTrail(db.Contexts, clock);
        var nurse = new AuditActor("Practitioner/pr-2", "launch-9");
        await trail.RecordAsync("practice-a", Biller, new AuditRecord(AuditAction.Read, "Patient/p-1", "view-claims", "Patient/p-1"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync("practice-a", Biller, new AuditRecord(AuditAction.Create, "Claim/c-1", "finding-override"), CancellationToken.None);
        await trail.RecordAsync("practice-a", nurse, new AuditRecord(AuditAction.Read, "Patient/p-2", "view-claims", "Patient/p-2"), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await trail.RecordAsync("practice-a", nurse, new AuditRecord(AuditAction.Update, "Task/t-1", "addendum-answer", "Patient/p-2"), CancellationToken.None);

        async Task<IReadOnlyList<string>> Whats(AuditQuery q) => [.. (await trail.QueryAsync(q, CancellationToken.None)).Entries.Select(e => e.What)];
        var q = new AuditQuery("practice-a");
        (await Whats(q)).ShouldBe(["Task/t-1", "Patient/p-2", "Claim/c-1", "Patient/p-1"]);
        (await Whats(q with { User = "Practitioner/pr-2" })).ShouldBe(["Task/t-1", "Patient/p-2"]);
        (await Whats(q with { Patient = "Patient/p-2" })).ShouldBe(["Task/t-1", "Patient/p-2"]);
        (await Whats(q with { Action = AuditAction.Read })).ShouldBe(["Patient/p-2", "Patient/p-1"]);
        var day2 = NewClock().GetUtcNow().AddDays(1).Date;
        (await Whats(q with { From = day2, To = day2.AddDays(1) })).ShouldBe(["Patient/p-2", "Claim/c-1"]);
        var second = await trail.QueryAsync(q with { Skip = 1, Take = 2 }, CancellationToken.None);
        second.Total.ShouldBe(4);
        second.Entries.Select(e => e.What).ShouldBe(["Patient/p-2", "Claim/c-1"]);
    }

    [Theory]
    [Engines]
    public async Task GivenAnOverrideInALaunch_WhenStored_ThenItsAuditEntryNamesUserLaunchAndClaimButNotTheReasonText(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = NewClock();
        var decisions = new FindingDecisions(db.Contexts, clock);
        var finding = new ScrubFinding
        {
            RuleId = "auth.required",
            Category = FindingCategory.PriorAuthorization,
            Severity = FindingSeverity.Hold,
            Message = "m",
            Source = new SourceCitation("doc", "1"),
        };

        await decisions.OverrideAsync("practice-a", "c-7", "org-payer-acme", finding, "Auth by phone for Maria Lopez", Biller, CancellationToken.None);

        var entry = (await new AuditTrail(db.Contexts, clock).QueryAsync(new AuditQuery("practice-a"), CancellationToken.None)).Entries.ShouldHaveSingleItem();
        (entry.Action, entry.What, entry.User, entry.LaunchId, entry.Purpose, entry.Outcome, entry.RecordedAt)
            .ShouldBe((AuditAction.Create, "Claim/c-7", "Practitioner/pr-1", "launch-1", "finding-override", AuditOutcome.Success, clock.GetUtcNow().UtcDateTime));
        new[] { entry.What, entry.Purpose, entry.Patient, entry.User }.ShouldAllBe(v => v == null || !v.Contains("Lopez"));
    }

    [Theory]
    [InlineData("p-1", "Patient/p-1")]
    [InlineData("Patient/p-1", "Patient/p-1")]
    [InlineData("https://ehr.example/fhir/Patient/p-1", "Patient/p-1")]
    [InlineData("Patient/p-1/_history/2", "Patient/p-1")]
    [InlineData("Group/g-1", null)]
    [InlineData(null, null)]
    public void GivenAPatientReferenceInAnyForm_WhenNormalized_ThenItIsTheRelativeReference(string? reference, string? expected) =>
        AuditRecord.PatientOf(reference).ShouldBe(expected);
}
