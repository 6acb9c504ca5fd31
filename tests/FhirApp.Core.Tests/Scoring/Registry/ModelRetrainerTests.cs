using FhirApp.Core.Data;
using FhirApp.Core.Scoring.Registry;
using FhirApp.Core.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Scoring.Registry;

/// <summary>What the retraining job runs: training from the history source into the registry, and the AUC-floor check.</summary>
[Collection(RegistryPracticeGroup.Name)]
public sealed class ModelRetrainerTests(RegistryPractice practice, ITestOutputHelper output)
{
    [Theory]
    [Engines]
    public async Task GivenAHistorySource_WhenRetrained_ThenAReadyVersionIsRegisteredAndTheRunRecorded(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (_, retrainer, board) = RegistryPractice.Services(db, RegistryPractice.Options(practice.History), practice.Clock());
        // A biller said a claim the payer then paid would be paid; another override's claim is not in the history yet.
        var overrides = new Core.Scoring.RiskOverrides(db.Contexts, practice.Clock());
        var paid = practice.Claims.First(c => c.Label is { Denied: false });
        var shown = new Core.Scoring.RiskScore(paid.ClaimId, 85, 0.85, [], [], "v1", ColdStart: false);
        await overrides.SetAsync("t", paid.ClaimId, shown, expectsPaid: true, "Auth confirmed by phone", "Practitioner/b", CancellationToken.None);
        await overrides.SetAsync("t", "claim-not-yet-adjudicated", shown, expectsPaid: true, "Same payer, same fix", "Practitioner/b", CancellationToken.None);
        await overrides.SetAsync("other-practice", paid.ClaimId, shown, expectsPaid: false, "not this practice's", "Practitioner/z", CancellationToken.None);

        var version = await retrainer.RetrainAsync("t", "schedule", CancellationToken.None);

        version.ShouldNotBeNull();
        version.Status.ShouldBe(ModelVersionStatus.Ready);
        version.Trigger.ShouldBe("schedule");
        version.ColdStart.ShouldBeFalse();
        version.Metrics!.PrAuc.ShouldBeGreaterThan(0);
        version.IsLive.ShouldBeTrue("the practice had no model: the first one goes live");
        version.Overrides.ShouldBe(new Core.Scoring.ScoreOverrideFeedback(Confirmed: 1, Contradicted: 0, Pending: 1, Core.Scoring.DenialRiskTrainer.OverrideWeight));
        var run = await SingleRunAsync(db, ModelRetrainer.RetrainJob);
        run.Outcome.ShouldBe(JobRunOutcome.Succeeded);
        run.Stored.ShouldBe(1);
        run.Resources.ShouldBe(practice.Claims.Count);
        run.Message!.ShouldStartWith("Version 1 (dr-");
        var progress = board.Get("t");
        progress.ShouldNotBeNull();
        progress.Running.ShouldBeFalse();
        progress.Fraction.ShouldBe(1);
        await using var check = db.NewContext();
        (await check.ModelVersions.SingleAsync()).Files!.Length.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task GivenNoHistorySource_WhenRetrainedOrChecked_ThenRunsSaySoAndNothingIsTrained()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var (registry, retrainer, _) = RegistryPractice.Services(db, RegistryPractice.Options(null), practice.Clock());

        (await retrainer.RetrainAsync("t", "schedule", CancellationToken.None)).ShouldBeNull();
        (await retrainer.CheckAsync("t", CancellationToken.None)).Retrained.ShouldBeFalse();

        await using var check = db.NewContext();
        var runs = await check.JobRuns.OrderBy(r => r.Id).ToListAsync();
        runs.Select(r => r.Job).ShouldBe([ModelRetrainer.RetrainJob, ModelRetrainer.CheckJob]);
        runs.ShouldAllBe(r => r.Outcome == JobRunOutcome.Succeeded && r.Message == ModelRetrainer.NoHistoryMessage);
        (await registry.ListAsync("t", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenAnotherPracticesHistoryOnly_WhenThisPracticeRetrains_ThenNothingIsTrainedFromIt()
    {
        // The history root holds practice "t"'s folder: a second practice of the same EHR must not train on it.
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var (registry, retrainer, _) = RegistryPractice.Services(db, RegistryPractice.Options(practice.History), practice.Clock());

        (await retrainer.RetrainAsync("sandbox:other-clinic", "schedule", CancellationToken.None)).ShouldBeNull();

        (await registry.ListAsync("sandbox:other-clinic", CancellationToken.None)).ShouldBeEmpty();
        await using var check = db.NewContext();
        (await check.JobRuns.SingleAsync()).Message.ShouldBe(ModelRetrainer.NoHistoryMessage);
    }

    [Theory]
    [Engines]
    public async Task GivenALiveModelThatRanksBackwards_WhenChecked_ThenItsAucIsUnderTheFloorAndANewVersionWaitsForPromotion(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var options = RegistryPractice.Options(practice.History);
        var (registry, retrainer, _) = RegistryPractice.Services(db, options, practice.Clock());
        await registry.RegisterAsync("t", practice.FlippedModel, "registered", CancellationToken.None);

        var result = await retrainer.CheckAsync("t", CancellationToken.None);
        output.WriteLine(result.Message);

        result.Auc.ShouldNotBeNull();
        result.Auc.Value.ShouldBeLessThan(options.AucFloor);
        result.Auc.Value.ShouldBeLessThan(0.5, "trained on flipped labels, it ranks paid claims above denied ones");
        result.Claims.ShouldBeGreaterThanOrEqualTo(options.MinCheckClaims);
        result.Retrained.ShouldBeTrue();
        var versions = await registry.ListAsync("t", CancellationToken.None);
        versions.Select(v => (v.Number, v.Status, v.IsLive)).ShouldBe([(2, ModelVersionStatus.Ready, false), (1, ModelVersionStatus.Ready, true)]);
        versions[0].Trigger.ShouldStartWith("weekly AUC 0.");
        await using var check = db.NewContext();
        var runs = await check.JobRuns.OrderBy(r => r.Id).ToListAsync();
        runs.Select(r => (r.Job, r.Outcome)).ShouldBe([(ModelRetrainer.CheckJob, JobRunOutcome.Succeeded), (ModelRetrainer.RetrainJob, JobRunOutcome.Succeeded)]);
        runs[0].Message!.ShouldContain("retraining");
    }

    [Theory]
    [Engines]
    public async Task GivenAGoodLiveModel_WhenChecked_ThenItsAucClearsTheFloorAndNothingIsRetrained(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var options = RegistryPractice.Options(practice.History);
        var (registry, retrainer, _) = RegistryPractice.Services(db, options, practice.Clock());
        await registry.RegisterAsync("t", practice.GoodModel, "registered", CancellationToken.None);

        var result = await retrainer.CheckAsync("t", CancellationToken.None);
        output.WriteLine(result.Message);

        result.Auc.ShouldNotBeNull();
        result.Auc.Value.ShouldBeGreaterThanOrEqualTo(options.AucFloor);
        result.Retrained.ShouldBeFalse();
        (await registry.ListAsync("t", CancellationToken.None)).Count.ShouldBe(1);
        (await SingleRunAsync(db, ModelRetrainer.CheckJob)).Message!.ShouldNotContain("retraining");
    }

    [Fact]
    public async Task GivenAFloorBetweenTheLiveModelsWeakestPayerAndItsOverallAuc_WhenChecked_ThenThatPayerAloneTriggersTheRetrain()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        // A year of adjudications, so that several payers have enough claims of both outcomes to be judged alone.
        var measure = RegistryPractice.Options(practice.History);
        (measure.AucFloor, measure.AucWindowDays, measure.MinCheckClaims) = (0.51, 365, 10);
        var (registry, first, _) = RegistryPractice.Services(db, measure, practice.Clock());
        await registry.RegisterAsync("t", practice.GoodModel, "registered", CancellationToken.None);
        var reading = await first.CheckAsync("t", CancellationToken.None);
        reading.Payers.Count.ShouldBeGreaterThan(1, reading.Message);
        reading.Payers.Sum(p => p.Claims).ShouldBeLessThanOrEqualTo(reading.Claims);
        var weakest = reading.Payers.MinBy(p => p.Auc)!;
        weakest.Auc.ShouldBeLessThan(reading.Auc!.Value - 0.02, "the practice's payers are not all learned equally well: " + reading.Message);

        var options = RegistryPractice.Options(practice.History);
        (options.AucFloor, options.AucWindowDays, options.MinCheckClaims) = ((weakest.Auc + reading.Auc.Value) / 2, 365, 10);
        var (_, retrainer, _) = RegistryPractice.Services(db, options, practice.Clock());
        var result = await retrainer.CheckAsync("t", CancellationToken.None);
        output.WriteLine(result.Message);

        result.Auc!.Value.ShouldBeGreaterThan(options.AucFloor, "overall the model clears the floor");
        result.Retrained.ShouldBeTrue();
        result.Message.ShouldContain($"retraining for {weakest.PayerName}");
        var versions = await registry.ListAsync("t", CancellationToken.None);
        versions[0].Trigger.ShouldContain($"for {weakest.PayerName} below the floor");
    }

    private static async Task<JobRun> SingleRunAsync(TestDatabase db, string job)
    {
        await using var check = db.NewContext();
        return await check.JobRuns.SingleAsync(r => r.Job == job);
    }
}
