using FhirApp.Core.Scoring;
using FhirApp.Core.Tests.Data;

namespace FhirApp.Core.Tests.Scoring.Registry;

/// <summary>Billers' score overrides: stored per claim with who, when and why, and read by the next training as feedback.</summary>
[Collection(RegistryPracticeGroup.Name)]
public sealed class RiskOverridesTests(RegistryPractice practice) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-overrides-");

    [Theory]
    [Engines]
    public async Task GivenTwoJudgementsOnOneClaim_WhenStored_ThenTheLaterReplacesTheEarlierAndOtherPracticesSeeNothing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = practice.Clock();
        var overrides = new RiskOverrides(db.Contexts, clock);
        var score = new RiskScore("claim-1", 86, 0.86, [], [], "v3", ColdStart: false);

        await Should.ThrowAsync<ArgumentException>(() => overrides.SetAsync("a", "claim-1", score, expectsPaid: true, " ", "Practitioner/b", CancellationToken.None));
        await overrides.SetAsync("a", "claim-1", score, expectsPaid: true, "Auth by phone, ref 4471", "Practitioner/b", CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        await overrides.SetAsync("a", "claim-1", score with { Score = 40, ColdStart = true }, expectsPaid: false, " Payer says the code is not covered ", "Practitioner/c", CancellationToken.None);
        await overrides.SetAsync("b", "claim-2", score, expectsPaid: true, "other practice", "Practitioner/z", CancellationToken.None);

        var stored = await overrides.ForClaimAsync("a", "claim-1", CancellationToken.None);
        stored.ShouldNotBeNull();
        (stored.Score, stored.ModelVersion, stored.ExpectsPaid, stored.Reason, stored.DecidedBy).ShouldBe((40, "", false, "Payer says the code is not covered", "Practitioner/c"));
        stored.DecidedAt.ShouldBe(clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(1));
        (await overrides.ForClaimAsync("a", "claim-2", CancellationToken.None)).ShouldBeNull("another practice's override");
        (await overrides.ForTrainingAsync("a", CancellationToken.None)).ShouldBe(new Dictionary<string, bool> { ["claim-1"] = false });
        await using var check = db.NewContext();
        check.AuditEntries.Where(e => e.Tenant == "a").OrderBy(e => e.Id).AsEnumerable().Select(e => (e.Action, e.What, e.User, e.Purpose))
            .ShouldBe([(Core.Audit.AuditAction.Create, "Claim/claim-1", "Practitioner/b", "risk-override"), (Core.Audit.AuditAction.Update, "Claim/claim-1", "Practitioner/c", "risk-override")]);
    }

    [Fact]
    public void GivenOverridesTheOutcomesConfirmed_WhenTrained_ThenThoseClaimsWeighMoreAndTheirScoresMoveTheBillersWay()
    {
        var labelled = practice.Claims.Where(c => c.Label is not null).ToList();
        var baseline = DenialRiskModel.Load(practice.GoodModel, RegistryPractice.Rules);
        var p = baseline.Score(labelled).Select((s, i) => (Claim: labelled[i], s.Probability)).ToList();
        // The model's worst misses on paid claims: a biller who said "this will be paid" was right on each.
        var confirmed = p.Where(x => !x.Claim.Label!.Denied).OrderByDescending(x => x.Probability).Take(15).ToList();
        // And on denied claims a biller also said "paid": the payer proved them wrong.
        var contradicted = p.Where(x => x.Claim.Label!.Denied).Take(10).ToList();
        var overrides = confirmed.Concat(contradicted).ToDictionary(x => x.Claim.ClaimId, _ => true);
        overrides["claim-not-adjudicated-yet"] = false;

        var card = DenialRiskTrainer.Train(practice.Claims, Path.Combine(_work.FullName, "weighted"), overrides: overrides);
        var weighted = DenialRiskModel.Load(Path.Combine(_work.FullName, "weighted"), RegistryPractice.Rules);

        card.Overrides.ShouldBe(new ScoreOverrideFeedback(Confirmed: 15, Contradicted: 10, Pending: 1, DenialRiskTrainer.OverrideWeight));
        var before = confirmed.Average(x => x.Probability);
        var after = weighted.Score(confirmed.Select(x => x.Claim).ToList()).Average(s => s.Probability);
        after.ShouldBeLessThan(before, "confirmed 'will be paid' overrides weigh more, so the model's risk on those claims falls");
        baseline.Card.Overrides.ShouldBeNull();
    }

    [Fact]
    public void GivenOnlyOverridesTheOutcomesContradicted_WhenTrained_ThenTheModelIsTheOneTrainedWithout()
    {
        var denied = practice.Claims.Where(c => c.Label is { Denied: true }).Take(20).ToDictionary(c => c.ClaimId, _ => true);

        var card = DenialRiskTrainer.Train(practice.Claims, Path.Combine(_work.FullName, "contradicted"), overrides: denied);

        card.Overrides.ShouldBe(new ScoreOverrideFeedback(0, 20, 0, DenialRiskTrainer.OverrideWeight));
        var sample = practice.Claims.Take(80).ToList();
        var without = DenialRiskModel.Load(practice.GoodModel, RegistryPractice.Rules).Score(sample).Select(s => s.Probability);
        DenialRiskModel.Load(Path.Combine(_work.FullName, "contradicted"), RegistryPractice.Rules).Score(sample).Select(s => s.Probability)
            .ShouldBe(without, "the label is the payer's decision; an override the payer disproved changes nothing");
    }

    public void Dispose() => _work.Delete(recursive: true);
}
