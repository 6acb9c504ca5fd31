using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Tests.Scrubbing;
using Hl7.Fhir.Model;
using Claim = Hl7.Fhir.Model.Claim;
using Task = System.Threading.Tasks.Task;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Data;

public sealed class AuthorizationAndCorrectionLogTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));

    private static readonly DateOnly Dos = ClaimLevelRuleClaims.Dos;

    private sealed class Factory(TestDatabase db) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => db.NewContext();
    }

    [Theory]
    [Engines]
    public async Task GivenLoggedAuth_WhenTheClaimIsScrubbed_ThenItCountsLikeTheEhrsOwnAndStaysInItsPractice(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new AuthorizationLog(new Factory(db), Clock);
        await log.AddAsync("practice-a", "p-test", ClaimLevelRuleClaims.PayerId, " PA-9 ", "20610", 2, Dos.AddDays(-10), Dos, "Practitioner/pr-1", CancellationToken.None);

        var entries = await log.ForPatientAsync("practice-a", "p-test", CancellationToken.None);
        (await log.ForPatientAsync("practice-b", "p-test", CancellationToken.None)).ShouldBeEmpty();
        var entry = entries.ShouldHaveSingleItem();
        (entry.Number, entry.Units, entry.EnteredBy, entry.EnteredAt).ShouldBe(("PA-9", 2m, "Practitioner/pr-1", Clock.GetUtcNow().UtcDateTime));

        Findings(new ClaimLevelRuleClaims().Line("20610")).ShouldBe(["auth.missing"]);
        Findings(new ClaimLevelRuleClaims().Line("20610").Add(AuthorizationLog.ToClaimResponse(entry))).ShouldBe(["auth.number-missing"]);
        Findings(new ClaimLevelRuleClaims().Line("20610").PreAuthRef("PA-9").Add(AuthorizationLog.ToClaimResponse(entry))).ShouldBeEmpty();
        Findings(new ClaimLevelRuleClaims().Line("20610", 3).PreAuthRef("PA-9").Add(AuthorizationLog.ToClaimResponse(entry))).ShouldBe(["auth.units-exceeded"]);
    }

    [Theory]
    [InlineData("", "20610", 1, 0, "number")]
    [InlineData("PA-1", " ", 1, 0, "procedure code")]
    [InlineData("PA-1", "20610", 0, 0, "units")]
    [InlineData("PA-1", "20610", 1, -1, "ends before it starts")]
    public async Task GivenIncompleteAuth_WhenAdded_ThenClearErrorAndNothingStored(string number, string code, int units, int endOffset, string message)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var log = new AuthorizationLog(new Factory(db), Clock);

        var ex = await Should.ThrowAsync<ArgumentException>(() =>
            log.AddAsync("p", "p-test", "payer", number, code, units, Dos, Dos.AddDays(endOffset), "u", CancellationToken.None));

        ex.Message.ShouldContain(message);
        (await log.ForPatientAsync("p", "p-test", CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [Engines]
    public async Task GivenAcceptedCorrection_WhenRead_ThenWhoWhenWhyDiffAndDraftRoundTripPerPractice(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var log = new CorrectionLog(new Factory(db), Clock);
        var claims = new ClaimLevelRuleClaims().Line("20610").Auth("PA-77", "20610", onClaim: false);
        var finding = claims.Run<PriorAuthorizationRule>().ShouldHaveSingleItem();
        var draft = (Claim)claims.Claim.DeepCopy();
        var changes = finding.Fix!.ApplyTo(draft);

        await log.AcceptAsync("practice-a", new CorrectionProposal(finding, finding.Fix, draft, changes), new AuditActor("Practitioner/pr-1", "launch-1"), CancellationToken.None);

        var row = (await log.ForClaimsAsync("practice-a", ["claim-test"], CancellationToken.None)).ShouldHaveSingleItem();
        (row.RuleId, row.LineSequence, row.AcceptedBy, row.LaunchId, row.AcceptedAt).ShouldBe(("auth.number-missing", 1, "Practitioner/pr-1", "launch-1", Clock.GetUtcNow().UtcDateTime));
        row.Why.ShouldContain("PA-77");
        CorrectionLog.ParseChanges(row.ChangesJson).ShouldBe(changes);
        var latest = (await log.LatestDraftAsync("practice-a", "claim-test", CancellationToken.None)).ShouldNotBeNull();
        latest.Insurance[0].PreAuthRef.ShouldBe(["PA-77"]);
        latest.IsExactly(draft).ShouldBeTrue();
        (await log.ForClaimsAsync("practice-b", ["claim-test"], CancellationToken.None)).ShouldBeEmpty();
        (await log.LatestDraftAsync("practice-b", "claim-test", CancellationToken.None)).ShouldBeNull();
    }

    [Theory]
    [InlineData(4, null, null, "")] // at the threshold: no auth needed
    [InlineData(5, null, null, "auth.missing")] // one over
    [InlineData(5, 0, 30, "auth.missing")] // range starts on the date of service (inclusive)
    [InlineData(5, 1, 30, "")] // range starts the day after
    [InlineData(5, -30, 0, "auth.missing")] // range ends on the date of service (inclusive)
    [InlineData(5, -30, -1, "")] // range ended the day before
    public void GivenAuthRequirementWithUnitsAndDates_WhenScrubbed_ThenItAppliesOnlyAboveTheUnitsAndInsideTheRange(
        int billed, int? fromOffset, int? toOffset, string expected)
    {
        var policy = ClaimLevelRuleClaims.Policy() with
        {
            AuthRequired = [new AuthRequirement("97110", "section 7 therapy", UnitsOver: 4, From: fromOffset is { } f ? Dos.AddDays(f) : null, To: toOffset is { } t ? Dos.AddDays(t) : null)],
        };

        var findings = new ClaimLevelRuleClaims().Line("97110", billed).Run<PriorAuthorizationRule>(policy);

        findings.Select(f => f.RuleId).ShouldBe(expected.Length == 0 ? [] : [expected]);
        findings.ShouldAllBe(f => f.Source.Clause!.StartsWith("section 7 therapy, above 4 units", StringComparison.Ordinal));
    }

    private static string[] Findings(ClaimLevelRuleClaims claims) => [.. claims.Run<PriorAuthorizationRule>().Select(f => f.RuleId)];
}
