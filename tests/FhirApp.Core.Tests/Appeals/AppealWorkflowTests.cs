using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Denials;
using FhirApp.Core.Tests.Data;
using FhirApp.Core.Tests.Denials;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Appeals;

/// <summary>The queue's bulk "Build appeal packets" over the demo practice's stored denials: decisions first, letters only for appeals.</summary>
public sealed class AppealWorkflowTests
{
    // 2026-06-10: James's first-level window closes in six days (appealed now with what the note shows).
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));

    private static readonly DenialDeadlines Deadlines = new(AppealTestKit.Rules.Payers, Clock);

    private static readonly DenialTriage Triage = new(AppealTestKit.Causes, new DenialOptions());

    private static DenialService Denials(TestDatabase db) => new(db.Contexts, Triage, Deadlines, new DenialOptions(), Clock);

    private static AppealWorkflow Workflow(TestDatabase db) => new(
        AppealTestKit.Service(Clock), new AppealLog(db.Contexts, Clock), Denials(db), Deadlines, Triage,
        new AppealSender(() => throw new InvalidOperationException("drafting sends nothing"), new AppealOptions()));

    [Theory]
    [Engines]
    public async Task GivenDemoDenials_WhenAppealPacketsAreBuiltInBulk_ThenOnlyTheAppealIsDraftedAndTheQueueShowsEveryLinesDecision(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await new DenialIntake(db.Contexts, new DenialDetector(AppealTestKit.Causes), Deadlines, Clock)
            .StoreAsync("practice-a", "test", DenialIntakeTests.DemoAdjudications(), CancellationToken.None);
        var scope = DenialScope.Practice("practice-a");
        string[] claims = ["claim-james-90837", "claim-maria-20610", "claim-robert-coverage-ended"];

        var results = await Workflow(db).DraftAllAsync(
            scope, [.. claims.Select(c => (c, (ClaimContext?)AppealTestKit.DemoContext(c))), ("claim-elsewhere", null)], "biller", CancellationToken.None);

        var byClaim = results.ToDictionary(r => r.ClaimId);
        byClaim["claim-james-90837"].HasLetter.ShouldBeTrue(byClaim["claim-james-90837"].Message);
        byClaim["claim-james-90837"].Message.ShouldBe("Drafted. Line 1: appeal.");
        // CO-197: a retro-authorization request, not an appeal; PR-27: the patient is billed. Neither gets an appeal letter.
        byClaim["claim-maria-20610"].HasLetter.ShouldBeFalse();
        byClaim["claim-maria-20610"].Message.ShouldBe("No appeal drafted. Line 2: retro-authorization request. Open the claim to request the retroactive authorization.");
        byClaim["claim-robert-coverage-ended"].HasLetter.ShouldBeFalse();
        byClaim["claim-robert-coverage-ended"].Message.ShouldStartWith("No appeal drafted. Line 1: bill the patient.");
        byClaim["claim-elsewhere"].Message.ShouldContain("Not among the claims the EHR shared");

        var saved = await new AppealLog(db.Contexts, Clock).ForClaimsAsync("practice-a", claims, CancellationToken.None);
        var letter = saved.ShouldHaveSingleItem();
        (letter.ClaimId, letter.Status, letter.Lines, letter.Deadline).ShouldBe(("claim-james-90837", AppealStatus.Draft, "1", new DateOnly(2026, 6, 16)));

        // The queue carries each line's decision, its one-sentence reason and the same deadline the letter names.
        var queue = await Denials(db).GetQueueAsync(scope, includeClosed: false, CancellationToken.None);
        var james = queue.Single(r => r.ClaimId == "claim-james-90837" && r.Line == 1);
        (james.Route, james.Deadline).ShouldBe((DenialRoute.Appeal, letter.Deadline));
        james.Decision.ShouldNotBeNull().ShouldStartWith("Appeal line 1 (90837) now with what the note shows");
        var maria = queue.Single(r => r.ClaimId == "claim-maria-20610" && r.Line == 2);
        maria.Route.ShouldBe(DenialRoute.RetroAuthorization);
        maria.Decision.ShouldNotBeNull().ShouldContain("retroactive authorization");
        queue.Where(r => r.ClaimId == "claim-robert-coverage-ended").ShouldAllBe(r => r.Route == DenialRoute.BillPatient && r.Decision != null);

        // A second bulk run leaves the draft as it is.
        var again = await Workflow(db).DraftAllAsync(scope, [("claim-james-90837", AppealTestKit.DemoContext("claim-james-90837"))], "biller", CancellationToken.None);
        again.ShouldHaveSingleItem().Message.ShouldBe("Already a draft: left as it is.");
        (await new AppealLog(db.Contexts, Clock).ForClaimsAsync("practice-a", claims, CancellationToken.None)).Count.ShouldBe(1);
    }
}
