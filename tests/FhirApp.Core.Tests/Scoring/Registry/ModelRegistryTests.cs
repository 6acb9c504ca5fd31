using FhirApp.Core.Data;
using FhirApp.Core.Scoring;
using FhirApp.Core.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Tests.Scoring.Registry;

/// <summary>The registry on both engines: versions with their metrics and files, the first live by itself, later ones by explicit promotion.</summary>
[Collection(RegistryPracticeGroup.Name)]
public sealed class ModelRegistryTests(RegistryPractice practice)
{
    [Theory]
    [Engines]
    public async Task GivenTwoRegisteredVersions_WhenTheSecondIsPromoted_ThenExactlyOneIsLiveAndLoadLiveScoresWithIt(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (registry, _, _) = RegistryPractice.Services(db, RegistryPractice.Options(null), practice.Clock());

        var first = await registry.RegisterAsync("t", practice.GoodModel, "registered", CancellationToken.None);
        var second = await registry.RegisterAsync("t", practice.FlippedModel, "registered", CancellationToken.None);
        await registry.RegisterAsync("other-practice", practice.FlippedModel, "registered", CancellationToken.None);

        first.Number.ShouldBe(1);
        first.IsLive.ShouldBeTrue("a practice's first trained model goes live by itself");
        first.PromotedBy.ShouldBe(Core.Scoring.Registry.ModelRegistry.AutomaticPromoter);
        second.Number.ShouldBe(2);
        second.Status.ShouldBe(ModelVersionStatus.Ready);
        second.IsLive.ShouldBeFalse("later versions wait for an explicit promotion");
        first.Metrics.ShouldNotBeNull();
        first.Metrics.Auc.ShouldBeGreaterThan(0.5);
        first.Metrics.PerPayer.ShouldNotBeEmpty();
        first.Metrics.PerPayer.ShouldAllBe(p => p.Calibration.Count > 0);
        first.Metrics.Calibration.Count.ShouldBe(10);
        first.Features.ShouldBe(DenialFeatures.Names);
        first.HistoryFrom.ShouldNotBeNull();
        first.HistoryClaims.ShouldBeGreaterThan(400);

        var goodModel = DenialRiskModel.Load(practice.GoodModel, RegistryPractice.Rules);
        var flippedModel = DenialRiskModel.Load(practice.FlippedModel, RegistryPractice.Rules);
        var sample = practice.Claims.Take(50).ToList();
        var live = await registry.LoadLiveAsync("t", CancellationToken.None);
        live.Number.ShouldBe(1);
        Probabilities(live.Model, sample).ShouldBe(Probabilities(goodModel, sample));

        await registry.PromoteAsync("t", 2, "Practitioner/pr-billing-lead", CancellationToken.None);

        await using (var check = db.NewContext())
        {
            (await check.ModelVersions.CountAsync(v => v.Tenant == "t" && v.IsLive)).ShouldBe(1);
            (await check.ModelVersions.CountAsync(v => v.Tenant == "other-practice" && v.IsLive)).ShouldBe(1);
            // Both promotions are in the practice's audit trail: the automatic first one and the user's.
            (await check.AuditEntries.Where(e => e.Tenant == "t" && e.Purpose == "model-promote").OrderBy(e => e.Id).Select(e => e.What + " by " + e.User).ToListAsync())
                .ShouldBe(["ModelVersion/1 by system:first-model-auto-promote", "ModelVersion/2 by Practitioner/pr-billing-lead"]);
        }

        var versions = await registry.ListAsync("t", CancellationToken.None);
        versions.Select(v => (v.Number, v.IsLive)).ShouldBe([(2, true), (1, false)]);
        versions[0].PromotedBy.ShouldBe("Practitioner/pr-billing-lead");
        live = await registry.LoadLiveAsync("t", CancellationToken.None);
        live.Number.ShouldBe(2);
        live.Model.Card.Version.ShouldBe(flippedModel.Card.Version);
        var promoted = Probabilities(live.Model, sample);
        promoted.ShouldBe(Probabilities(flippedModel, sample));
        promoted.ShouldNotBe(Probabilities(goodModel, sample));
    }

    [Theory]
    [Engines]
    public async Task GivenAVersionInTraining_WhenPromoted_ThenRefusedAndTheLiveOneStays(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (registry, _, _) = RegistryPractice.Services(db, RegistryPractice.Options(null), practice.Clock());
        await registry.RegisterAsync("t", practice.GoodModel, "registered", CancellationToken.None);
        await registry.BeginAsync("t", "schedule", CancellationToken.None);

        await Should.ThrowAsync<InvalidOperationException>(() => registry.PromoteAsync("t", 2, "someone", CancellationToken.None));

        (await registry.ListAsync("t", CancellationToken.None)).Single(v => v.IsLive).Number.ShouldBe(1);
    }

    [Fact]
    public async Task GivenNoLiveVersionAndNoModelDirectory_WhenLoadLive_ThenColdStartThatSaysWhy()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var (registry, _, _) = RegistryPractice.Services(db, RegistryPractice.Options(null), practice.Clock());

        var live = await registry.LoadLiveAsync("t", CancellationToken.None);

        live.VersionId.ShouldBeNull();
        live.Model.Card.ColdStart.ShouldBeTrue();
        live.Model.Card.ColdStartReason!.ShouldContain("no model has been trained");
    }

    private static List<double> Probabilities(DenialRiskModel model, IReadOnlyList<ScoringClaim> claims) =>
        model.Score(claims).Select(s => s.Probability).ToList();
}
