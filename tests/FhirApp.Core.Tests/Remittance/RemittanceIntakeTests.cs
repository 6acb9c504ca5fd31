using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.Core.Remittance;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.Core.Tests.Remittance;

/// <summary>835 remits through the real denials intake, on both database engines.</summary>
public sealed class RemittanceIntakeTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));

    private static DenialIntake Intake(TestDatabase db) =>
        new(db.Contexts, new DenialDetector(DenialCauseTable.Load()), new DenialDeadlines(RuleBookLoader.Load().Payers, Clock), Clock);

    [Theory]
    [Engines]
    public async Task GivenTheDemoDenialAsAnEraAndAsAFhirEob_WhenStored_ThenTheyMakeTheSameWorkItems(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var era = new RemittanceImporter(RemittanceEobMapperTests.DemoClaims()).ImportFile(X12Fixtures.Accepted("demo-robert-coverage-ended.835"));

        await Intake(db).StoreAsync("fhir", "test", [FhirFixtures.Eob("eob-robert-coverage-ended")], CancellationToken.None);
        await Intake(db).StoreAsync("x12", "test", [.. era.Eobs], CancellationToken.None);

        await using var ctx = db.NewContext();
        var items = await ctx.DenialWorkItems.OrderBy(w => w.Line).ToListAsync();
        List<object> Of(string tenant) => [.. items.Where(w => w.Tenant == tenant).Select(Item)];
        Of("x12").Count.ShouldBe(2);
        // Alike but for who rendered the service: the 835 names no rendering provider (no NM1*82), the FHIR EOB does.
        items.Where(w => w.Tenant == "x12").ShouldAllBe(w => w.RenderingProvider == null);
        foreach (var w in items)
        {
            w.RenderingProvider = null;
        }
        Of("x12").ShouldBe(Of("fhir"));
    }

    [Theory]
    [Engines]
    public async Task GivenAPaymentThenItsReversalAndCorrection_WhenStored_ThenTheDenialClearsAndARepeatStoresNothing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var importer = new RemittanceImporter();

        var (_, first) = await importer.StoreAsync(Intake(db), "practice", X12Fixtures.Accepted("partial-bluepeak.835"), CancellationToken.None);
        await using (var ctx = db.NewContext())
        {
            var open = await ctx.DenialWorkItems.SingleAsync();
            (open.Line, open.Carc, open.Status).ShouldBe((2, "236", DenialStatus.Open));
        }

        var (_, second) = await importer.StoreAsync(Intake(db), "practice", X12Fixtures.Accepted("reversal-correction.835"), CancellationToken.None);
        var (_, repeat) = await importer.StoreAsync(Intake(db), "practice", X12Fixtures.Accepted("reversal-correction.835"), CancellationToken.None);

        (first, second, repeat).ShouldBe((new IntakeResult(1, 0, 1), new IntakeResult(2, 0, 1), new IntakeResult(0, 2, 0)));
        await using var after = db.NewContext();
        var items = await after.DenialWorkItems.OrderBy(w => w.Line).ToListAsync();
        items.Select(w => (w.Line, w.Kind, w.Status, w.ClearedByPayer)).ShouldBe(
            [(0, DenialKind.Reversal, DenialStatus.Closed, true), (2, DenialKind.Denial, DenialStatus.Closed, true)],
            "the reversal took the payment back and the correction paid 29877-59: nothing is left to work");
        var versions = await after.StoredAdjudications.OrderBy(s => s.LastUpdated).ToListAsync();
        versions.Count.ShouldBe(3);
        versions.Select(v => v.ResourceId).Distinct().ShouldHaveSingleItem();
        versions.Single(v => v.IsCurrent).Paid.ShouldBe(1850m);
    }

    [Theory]
    [Engines]
    public async Task GivenARefusedFile_WhenStored_ThenNothingOfItIsStored(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);

        var (import, stored) = await new RemittanceImporter().StoreAsync(Intake(db), "practice", X12Fixtures.Refused("unbalanced-bpr.835"), CancellationToken.None);

        import.Accepted.ShouldBeFalse();
        import.Eobs.ShouldBeEmpty();
        stored.ShouldBeNull();
        await using var ctx = db.NewContext();
        (await ctx.StoredAdjudications.CountAsync()).ShouldBe(0);
        (await ctx.DenialWorkItems.CountAsync()).ShouldBe(0);
        (await ctx.AdjudicationIntakeErrors.CountAsync()).ShouldBe(0);
    }

    private static object Item(DenialWorkItem w) =>
        (w.ClaimId, w.PatientId, w.PayerId, w.Provider, w.RenderingProvider, w.Procedure, w.AdjudicationType, w.Line, w.Kind, w.Category, w.Owner,
            w.Rule, w.Carc, w.GroupCode, w.Rarc, w.ErrorCode, w.Amount, w.DecisionDate, w.ServiceDate, w.Deadline, w.DeadlineLevel, w.Route, w.Status);
}
