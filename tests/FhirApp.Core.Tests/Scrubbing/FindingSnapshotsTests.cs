using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Scrubbing;

/// <summary>
/// Every denial traced to the finding that warned of it before the payer decided, or to the gap: warned and overridden,
/// warned and not acted on, not warned (preventable, no rule yet), never checked.
/// </summary>
public sealed class FindingSnapshotsTests
{
    private const string Tenant = "t";
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [Engines]
    public async Task GivenSnapshotsTakenBeforeTheDecision_WhenDenialsAreTraced_ThenEachIsMatchedByRuleFamilyAndLine(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Monday);
        var snapshots = new FindingSnapshots(db.Contexts, clock);
        await snapshots.RecordAsync(Tenant, [
            ("claim-a", "1", Result("claim-a", Finding("auth.required", FindingCategory.PriorAuthorization, line: 2))),
            ("claim-b", "1", Result("claim-b", Finding("learned.auth-required", FindingCategory.PriorAuthorization, line: 1))),
            ("claim-c", "1", Result("claim-c")),
        ], CancellationToken.None);
        await using (var context = db.NewContext())
        {
            context.FindingOverrides.Add(new FindingOverride
            {
                Tenant = Tenant, ClaimId = "claim-b", RuleId = "learned.auth-required", LineSequence = 1, Reason = "Auth is on file by phone",
                DecidedBy = "Practitioner/biller", DecidedAt = Monday.UtcDateTime,
            });
            await context.SaveChangesAsync();
        }
        var decided = new DateOnly(2026, 11, 20);

        var traces = await snapshots.TraceAsync(Tenant, [
            new TracedDenial(1, "claim-a", 2, "auth", decided),
            new TracedDenial(2, "claim-a", 1, "auth", decided),
            new TracedDenial(3, "claim-b", 1, "auth", decided),
            new TracedDenial(4, "claim-c", 1, "coding", decided),
            new TracedDenial(5, "claim-a", 0, null, decided),
            new TracedDenial(6, "claim-never-seen", 1, "auth", decided),
            new TracedDenial(7, "claim-a", 2, "auth", new DateOnly(2026, 11, 1)),
        ], CancellationToken.None);

        traces[1].Kind.ShouldBe(DenialTraceKind.WarnedIgnored);
        traces[1].Finding!.RuleId.ShouldBe("auth.required");
        traces[2].Kind.ShouldBe(DenialTraceKind.NotWarned, "the finding was on another line");
        traces[3].Kind.ShouldBe(DenialTraceKind.WarnedOverridden, "a learned finding speaks for its category's family");
        traces[3].OverrideReason.ShouldBe("Auth is on file by phone");
        traces[3].Describe().ShouldContain("overridden: Auth is on file by phone");
        traces[4].Kind.ShouldBe(DenialTraceKind.NotWarned);
        traces[4].Describe().ShouldContain("Preventable, no rule yet");
        traces[5].Kind.ShouldBe(DenialTraceKind.NotWarned, "a denial no rule family covers");
        traces[6].Kind.ShouldBe(DenialTraceKind.NotChecked);
        traces[7].Kind.ShouldBe(DenialTraceKind.NotChecked, "a snapshot taken after the decision says nothing of what was known before it");
    }

    [Theory]
    [Engines]
    public async Task GivenAClaimVersionAlreadySnapshotted_WhenScrubbedAgain_ThenTheFirstSnapshotStaysAndANewVersionGetsItsOwn(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Monday);
        var snapshots = new FindingSnapshots(db.Contexts, clock);
        await snapshots.RecordAsync(Tenant, [("claim-a", "1", Result("claim-a", Finding("auth.required", FindingCategory.PriorAuthorization, line: 1)))], CancellationToken.None);

        clock.Advance(TimeSpan.FromDays(3));
        await snapshots.RecordAsync(Tenant, [
            ("claim-a", "1", Result("claim-a")),
            ("claim-a", "2", Result("claim-a")),
            ("claim-x", "1", new ScrubResult("claim-x", [], "broken")),
        ], CancellationToken.None);

        await using var check = db.NewContext();
        var rows = await check.ClaimFindingSnapshots.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        rows.Select(r => (r.ClaimId, r.ClaimVersion, r.TakenAt)).ShouldBe([("claim-a", "1", Monday), ("claim-a", "2", Monday.AddDays(3))]);
        rows[0].FindingsJson.ShouldContain("auth.required", Case.Sensitive, "the first look is what counts");
    }

    private static ScrubResult Result(string claimId, params ScrubFinding[] findings) => new(claimId, findings);

    private static ScrubFinding Finding(string ruleId, FindingCategory category, int? line) => new()
    {
        RuleId = ruleId,
        Category = category,
        Severity = FindingSeverity.Hold,
        Message = "Prior authorization missing.",
        Source = new SourceCitation("test", "1"),
        LineSequence = line,
    };
}
