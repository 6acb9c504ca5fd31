using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Denials;

/// <summary>The escalation job's work: open items within the deadline floor get one escalation note, once.</summary>
public sealed class DenialEscalationTests
{
    private static readonly DateOnly Today = new(2026, 5, 31);

    private static DenialWorkItem Item(string claim, int daysLeft, DenialStatus status = DenialStatus.Open, string tenant = "t") => new()
    {
        Tenant = tenant,
        ClaimId = claim,
        PayerId = "payer",
        AdjudicationType = "ExplanationOfBenefit",
        EobId = "eob-" + claim,
        EobVersion = "1",
        Line = 1,
        Kind = DenialKind.Denial,
        Category = DenialCategory.Authorization,
        Carc = "197",
        GroupCode = "CO",
        Amount = 250m,
        DecisionDate = Today.AddDays(daysLeft - 60),
        Deadline = Today.AddDays(daysLeft),
        DeadlineLevel = "appeal",
        Status = status,
    };

    [Theory]
    [Engines]
    public async Task GivenItemsAroundTheFloor_WhenEscalatedTwice_ThenOpenItemsWithin7DaysGoToTheirAssigneeAndWithin2DaysToTheOwnerOnceEach(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero));
        var service = new DenialService(db.Contexts, new DenialTriage(DenialCauseTable.Load(), new DenialOptions()),
            new DenialDeadlines(RuleBookLoader.Load().Payers, clock), new DenialOptions(), clock);
        await using (var ctx = db.NewContext())
        {
            ctx.DenialWorkItems.AddRange(
                Item("at-floor", 7), Item("past-floor", 8), Item("today", 0), Item("passed", -1),
                Item("resolved", 3, DenialStatus.Closed), Item("other-practice", 3, tenant: "u"));
            await ctx.SaveChangesAsync();
        }

        (await service.EscalateAsync("t", CancellationToken.None)).ShouldBe(3, "two to the assignee or team, one (due today) also to the owner");
        (await service.EscalateAsync("t", CancellationToken.None)).ShouldBe(0, "an item is escalated once");

        await using var check = db.NewContext();
        var notes = await check.DenialWorkNotes.Join(check.DenialWorkItems, n => n.WorkItemId, w => w.Id, (n, w) => new { w.ClaimId, n.Author, n.Text, n.Tenant })
            .ToListAsync();
        notes.Where(n => n.Author == DenialService.EscalationAuthor).Select(n => n.ClaimId).Order(StringComparer.Ordinal).ShouldBe(["at-floor", "today"]);
        notes.Where(n => n.Author == DenialService.OwnerEscalationAuthor).Select(n => n.ClaimId).ShouldBe(["today"]);
        notes.ShouldAllBe(n => n.Tenant == "t");
        notes.Single(n => n.ClaimId == "at-floor").Text.ShouldBe("Escalated to the team (nobody is assigned): 7 day(s) left before the appeal deadline on 2026-06-07.");
        notes.Single(n => n.Author == DenialService.OwnerEscalationAuthor).Text.ShouldBe("Escalated to the practice owner: still open, 0 day(s) left before the appeal deadline on 2026-05-31.");
    }
}
