using FhirApp.Core.Audit;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Denials.Intake;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Denials;

public sealed class DenialIntakeTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));

    private static readonly DenialCauseTable Table = DenialCauseTable.Load();

    private static readonly DenialDeadlines Deadlines = new(RuleBookLoader.Load().Payers, Clock);

    private static DenialIntake Intake(TestDatabase db) => new(db.Contexts, new DenialDetector(Table), Deadlines, Clock);

    private static DenialService Service(TestDatabase db) =>
        new(db.Contexts, new DenialTriage(Table, new DenialOptions()), Deadlines, new DenialOptions(), Clock);

    /// <summary>Every EOB and ClaimResponse of the demo practice, as the poller would hand them over.</summary>
    internal static List<Resource> DemoAdjudications() =>
        FhirResourceReader.ReadDirectory(FhirFixtures.DemoDirectory).Resources.Where(r => r is ExplanationOfBenefit or ClaimResponse).ToList();

    [Theory]
    [Engines]
    public async Task GivenDemoPage_WhenStoredTwice_ThenOneWorkItemPerDeniedLineAndTheSecondStoreChangesNothing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var page = DemoAdjudications();

        var first = await Intake(db).StoreAsync("practice-a", "test", page, CancellationToken.None);
        var second = await Intake(db).StoreAsync("practice-a", "test", page, CancellationToken.None);

        first.ShouldBe(new IntakeResult(page.Count, 0, 5));
        second.ShouldBe(new IntakeResult(0, page.Count, 0));
        await using var ctx = db.NewContext();
        (await ctx.StoredAdjudications.CountAsync()).ShouldBe(page.Count);
        var items = await ctx.DenialWorkItems.OrderBy(w => w.ClaimId).ThenBy(w => w.Line).ToListAsync();
        items.Select(w => (w.ClaimId, w.Line, w.Carc, w.Category)).ShouldBe([
            ("claim-james-90837", 1, "50", DenialCategory.MedicalNecessity),
            ("claim-maria-20610", 2, "197", DenialCategory.Authorization),
            ("claim-robert-arthroscopy", 2, "236", DenialCategory.Bundling),
            ("claim-robert-coverage-ended", 1, "27", DenialCategory.Eligibility),
            ("claim-robert-coverage-ended", 2, "27", DenialCategory.Eligibility),
        ]);
        var auth = items.Single(w => w.Carc == "197");
        (auth.Route, auth.DecisionDate, auth.Deadline, auth.Rule, auth.Status).ShouldBe(
            (DenialRoute.Appeal, new DateOnly(2026, 2, 24), new DateOnly(2026, 2, 24).AddDays(180), "auth", DenialStatus.Open));
        (await Service(db).GetQueueAsync("practice-b", includeClosed: true, CancellationToken.None)).ShouldBeEmpty("another practice sees nothing");
    }

    [Theory]
    [Engines]
    public async Task GivenMalformedResourcesInAPage_WhenStored_ThenEachIsRecordedWithItsErrorAndTheRestStores(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var noId = DenialEobs.Eob("x", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 100, 0, "CO-197"));
        noId.Id = null;
        var notAnEob = new Patient { Id = "p1" };
        var good = DenialEobs.Eob("e-good", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 100, 0, "CO-197"));
        List<Resource> page = [noId, notAnEob, good];

        var result = await Intake(db).StoreAsync("practice-a", "poll:test", page, CancellationToken.None);
        await Intake(db).StoreAsync("practice-a", "poll:test", page, CancellationToken.None);

        result.ShouldBe(new IntakeResult(1, 0, 1));
        await using var ctx = db.NewContext();
        var errors = await ctx.AdjudicationIntakeErrors.OrderBy(e => e.Id).ToListAsync();
        errors.Select(e => (e.ResourceType, e.ResourceId, e.Source)).ShouldBe([("ExplanationOfBenefit", null, "poll:test"), ("Patient", "p1", "poll:test")], "recorded once, though the page came twice");
        errors[0].Error.ShouldContain("no id");
        (await ctx.DenialWorkItems.SingleAsync()).EobId.ShouldBe("e-good");
    }

    [Theory]
    [Engines]
    public async Task GivenUnreadableAdjudicationsFromAPollAndAn835File_WhenTheJobsPageReadsThem_ThenEachShowsWhenFromWhereAndWhyInPlainWords(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var intake = new DenialIntake(db.Contexts, new DenialDetector(Table), Deadlines, clock);
        var noId = DenialEobs.Eob("x", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 100, 0, "CO-197"));
        noId.Id = null;
        await intake.StoreAsync("practice-a", "poll:sandbox", [noId, new Patient { Id = "p-secret" }], CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        await intake.StoreAsync("practice-a", "x12-835:/var/drop/practice-a/acme-0412.835", [new Patient { Id = "p-other" }], CancellationToken.None);
        await intake.StoreAsync("practice-b", "poll:b", [new Patient { Id = "p-b" }], CancellationToken.None);

        var rows = await new JobStatusReader(db.Contexts).UnreadableAdjudicationsAsync("practice-a", 10, CancellationToken.None);

        rows.Select(r => (r.From, r.What)).ShouldBe(
        [
            ("835 remittance file acme-0412.835", "Another kind of record"),
            ("EHR poll", "Another kind of record"),
            ("EHR poll", "Explanation of benefit"),
        ], "newest first, this practice only, a file by its name alone");
        rows[0].RecordedAt.ShouldBe(clock.GetUtcNow());
        rows[2].Why.ShouldBe("It carries no identifier, so it could not be stored without risking a duplicate.");
        rows[1].Why.ShouldBe("It is not a payer's decision on a claim, so there was nothing to read.");
        var shown = string.Join(" ", rows.Select(r => $"{r.From} {r.What} {r.Why}"));
        foreach (var hidden in new[] { "p-secret", "p-other", "Patient", "ExplanationOfBenefit", "/var/drop", "{" })
        {
            shown.ShouldNotContain(hidden);
        }
    }

    [Theory]
    [Engines]
    public async Task GivenNewVersionOfAWorkedEob_WhenStored_ThenDerivedDataIsReplacedAndStatusAssigneeAndNotesAreKept(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var v1 = DenialEobs.Eob("e1", "org-payer-acme", "2026-04-01",
            DenialEobs.Line(1, 300, 0, "CO-197:300"),
            DenialEobs.Line(2, 100, 0, "CO-16:100"));
        v1.Meta = new Meta { VersionId = "1", LastUpdated = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) };
        await Intake(db).StoreAsync("practice-a", "test", [v1], CancellationToken.None);
        var service = Service(db);
        var auth = (await service.GetQueueAsync("practice-a", false, CancellationToken.None)).Single(r => r.Line == 1);
        await service.UpdateAsync("practice-a", [auth.Id], new DenialUpdate { Status = DenialStatus.Working, Assignee = "ana", NextAction = "call payer" }, CancellationToken.None);
        await service.AddNoteAsync("practice-a", auth.Id, new DenialCallNote("Rep Jo", "REF-1", "send auth letter", null), "ana", CancellationToken.None);

        // Version 2: line 1 now denied for a different amount, line 2 paid.
        var v2 = DenialEobs.Eob("e1", "org-payer-acme", "2026-04-10",
            DenialEobs.Line(1, 300, 0, "CO-197:280"),
            DenialEobs.Line(2, 100, 80, "CO-45:20"));
        v2.Meta = new Meta { VersionId = "2", LastUpdated = new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero) };
        var result = await Intake(db).StoreAsync("practice-a", "test", [v2, v1], CancellationToken.None);

        result.ShouldBe(new IntakeResult(1, 1, 1));
        await using var ctx = db.NewContext();
        (await ctx.StoredAdjudications.Where(s => s.IsCurrent).Select(s => s.VersionId).SingleAsync()).ShouldBe("2");
        var items = await ctx.DenialWorkItems.Include(w => w.Notes).OrderBy(w => w.Line).ToListAsync();
        items.Count.ShouldBe(2, "no duplicate work items");
        (items[0].Amount, items[0].EobVersion, items[0].DecisionDate, items[0].Status, items[0].Assignee, items[0].NextAction, items[0].Notes.Count)
            .ShouldBe((280m, "2", new DateOnly(2026, 4, 10), DenialStatus.Working, "ana", "call payer", 1));
        (items[1].ClearedByPayer, items[1].Status).ShouldBe((true, DenialStatus.Closed), "paid in version 2: closed, not deleted");
    }

    [Theory]
    [Engines]
    public async Task GivenAWorkItemWithACallNote_WhenItsNotesAreRead_ThenTheReadIsAuditedWithThePatientAndAnotherPracticeReadsNothing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await Intake(db).StoreAsync("practice-a", "test", [DenialEobs.Eob("e1", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 300, 0, "CO-197:300"))], CancellationToken.None);
        var service = Service(db);
        var item = (await service.GetQueueAsync("practice-a", false, CancellationToken.None)).Single();
        await service.AddNoteAsync("practice-a", item.Id, new DenialCallNote("Rep Jo", "REF-1", null, "auth on file per rep"), "ana", CancellationToken.None);

        var notes = await service.GetNotesAsync("practice-a", item.Id, "ben", CancellationToken.None);
        var foreign = await service.GetNotesAsync("practice-b", item.Id, "eve", CancellationToken.None);

        notes.Single().Text.ShouldBe("auth on file per rep");
        foreign.ShouldBeEmpty();
        await using var ctx = db.NewContext();
        var reads = await ctx.AuditEntries.Where(e => e.Purpose == "denial-call-notes").ToListAsync();
        reads.Select(e => (e.Tenant, e.User, e.Action, e.What, e.Patient)).ShouldBe([("practice-a", "ben", AuditAction.Read, "ExplanationOfBenefit/e1", "Patient/p1")]);
    }

    [Theory]
    [Engines]
    public async Task GivenAServerWithoutVersionIds_WhenTheSameEobComesBackWithANewLastUpdated_ThenItIsANewVersionAndTheOldOneIsNotStoredAgain(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var first = DenialEobs.Eob("e1", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 300, 0, "CO-197:300"));
        first.Meta = new Meta { LastUpdated = new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero) };
        var second = DenialEobs.Eob("e1", "org-payer-acme", "2026-04-01", DenialEobs.Line(1, 300, 0, "CO-16:300"));
        second.Meta = new Meta { LastUpdated = new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero) };

        await Intake(db).StoreAsync("practice-a", "test", [first], CancellationToken.None);
        var result = await Intake(db).StoreAsync("practice-a", "test", [first, second], CancellationToken.None);

        result.ShouldBe(new IntakeResult(1, 1, 1));
        await using var ctx = db.NewContext();
        (await ctx.StoredAdjudications.CountAsync()).ShouldBe(2);
        var item = await ctx.DenialWorkItems.SingleAsync();
        (item.Carc, item.Category, item.EobVersion).ShouldBe(("16", DenialCategory.MissingInformation, "2026-04-02T08:00:00.0000000Z"));
    }

    [Theory]
    [Engines]
    public async Task GivenStoredDemoPractice_WhenQueueAndDashboardAreRead_ThenTriagedRowsBulkActionsOnSameCauseAndMetricsFromStoredRows(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await Intake(db).StoreAsync("practice-a", "test", DemoAdjudications(), CancellationToken.None);
        var service = Service(db);

        var queue = await service.GetQueueAsync("practice-a", false, CancellationToken.None);
        var dashboard = await new FhirApp.Core.Metrics.MetricsService(db.Contexts, RuleBookLoader.Load(), new DenialOptions(), Clock).GetDashboardAsync("practice-a", CancellationToken.None);

        queue.Count.ShouldBe(5);
        // CO-236 (BluePeak, 90 days from 2026-02-06 = 2026-05-07) is 6 days from its deadline: first; then by expected value.
        queue.Select(r => (r.Reason, r.Amount)).ShouldBe([("CO-236", 1100m), ("CO-197", 250m), ("PR-27", 195m), ("CO-50", 185m), ("PR-27", 95m)]);
        (await service.GetNearDeadlineAsync("practice-a", CancellationToken.None)).ShouldHaveSingleItem().Reason.ShouldBe("CO-236");
        queue.ShouldAllBe(r => r.DaysLeft != null);
        var eligibility = queue.Where(r => r.Reason == "PR-27").Select(r => r.Id).ToList();
        (await service.UpdateAsync("practice-a", eligibility, new DenialUpdate { Assignee = "front desk" }, CancellationToken.None)).ShouldBe(2);
        // Bulk work is over any selection, not only same-cause items.
        (await service.UpdateAsync("practice-a", queue.Select(r => r.Id).ToList(), new DenialUpdate { Assignee = "x" }, CancellationToken.None)).ShouldBe(5);
        (await service.UpdateAsync("practice-b", eligibility, new DenialUpdate { Assignee = "intruder" }, CancellationToken.None)).ShouldBe(0);

        (dashboard.ClaimsAdjudicated, dashboard.ClaimsDenied).ShouldBe((7, 4));
        dashboard.DeniedDollars.ShouldBe(250m + 1100m + 185m + 195m + 95m);
        dashboard.TopReasonsByCount[0].ShouldBe(new FhirApp.Core.Metrics.DashboardRow("PR-27", 2, 290m));
        dashboard.TopReasonsByDollars[0].Key.ShouldBe("CO-236");
        dashboard.ByPayer.Single(p => p.Key == "org-payer-bluepeak").Count.ShouldBe(3);
        // Today 2026-05-01: PR-27 x2 decided 04-28, CO-50 03-18, CO-197 02-24, CO-236 02-06.
        dashboard.Aging.Select(a => a.Count).ShouldBe([2, 1, 2, 0]);
        dashboard.ToCsv().ShouldContain("top_reasons_by_count,count,amount,rate\r\nPR-27,2,290");
    }

    [Theory]
    [Engines]
    public async Task GivenAPatientScope_WhenTheQueueIsReadAndOtherPatientsItemsAreChanged_ThenOnlyThatPatientsItemsAreSeenAndEveryOtherChangeIsRefused(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await Intake(db).StoreAsync("practice-a", "test", DemoAdjudications(), CancellationToken.None);
        var service = Service(db);
        var all = await service.GetQueueAsync(DenialScope.Practice("practice-a"), includeClosed: true, CancellationToken.None);
        var maria = DenialScope.Patient("practice-a", "p-maria-lopez");
        var others = all.Where(r => r.PatientId != "p-maria-lopez").Select(r => r.Id).ToList();
        var theirs = others[0];
        await service.AddNoteAsync("practice-a", theirs, new DenialCallNote("Rep Jo", "REF-9", null, "another patient's call"), "ana", CancellationToken.None);

        var seen = await service.GetQueueAsync(maria, includeClosed: true, CancellationToken.None);

        seen.ShouldNotBeEmpty();
        seen.ShouldAllBe(r => r.PatientId == "p-maria-lopez");
        others.ShouldNotBeEmpty();
        (await service.UpdateAsync(maria, [theirs], new DenialUpdate { Status = DenialStatus.WrittenOff }, CancellationToken.None)).ShouldBe(0);
        (await service.UpdateAsync(maria, [.. others.Where(id => all.Single(r => r.Id == id).CauseKey == all.Single(r => r.Id == theirs).CauseKey)], new DenialUpdate { Assignee = "intruder" }, CancellationToken.None)).ShouldBe(0);
        (await service.AddNoteAsync(maria, theirs, new DenialCallNote(null, null, null, "not mine"), "eve", CancellationToken.None)).ShouldBeFalse();
        (await service.GetNotesAsync(maria, theirs, "eve", CancellationToken.None)).ShouldBeEmpty();
        (await service.ForClaimAsync(maria, all.Single(r => r.Id == theirs).ClaimId, CancellationToken.None)).ShouldBeEmpty();
        var unchanged = (await service.GetQueueAsync("practice-a", includeClosed: true, CancellationToken.None)).Single(r => r.Id == theirs);
        // The practice's own note started the work; nothing Maria's launch tried changed it.
        (unchanged.Status, unchanged.Assignee, unchanged.Notes).ShouldBe((DenialStatus.Working, null, 1));
    }

    [Theory]
    [Engines]
    public async Task GivenEobWithCareTeamAndCodedLines_WhenStored_ThenProceduresAndRenderingProvidersAreStoredPerVersionAndPerDeniedLine(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);

        await Intake(db).StoreAsync("practice-a", "test", [DenialDetectorTests.TeamEob()], CancellationToken.None);

        await using var ctx = db.NewContext();
        var stored = await ctx.StoredAdjudications.SingleAsync();
        (stored.ProcedureCodes, stored.RenderingProvider, stored.Provider).ShouldBe(("99213 93000", "pr-rendering", "org-practice"));
        (await ctx.DenialWorkItems.OrderBy(w => w.Line).Select(w => new { w.Line, w.Procedure, w.RenderingProvider }).ToListAsync())
            .Select(w => (w.Line, w.Procedure, w.RenderingProvider))
            .ShouldBe([(2, "93000", "1234567893"), (3, (string?)null, "pr-rendering")]);
    }
}
