using System.Text.Json.Nodes;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>
/// Bad input: history with missing outcomes, EOBs without a matching Claim, several versions of one claim's
/// adjudication, an unreadable line and unknown codes is skipped or resolved with counts, and training continues.
/// </summary>
public sealed class ScoringBadInputTests : IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-score-bad-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void GivenAHistoryWithBrokenAdjudications_WhenRead_ThenEachProblemIsCountedAndTrainingContinues()
    {
        var dir = _work.FullName;
        PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 150, Months = 12, Seed = 22 }, Rules).Write(dir);
        var history = Path.Combine(dir, "history");
        var truth = File.ReadAllLines(Path.Combine(dir, "truth.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[5] == "history").ToDictionary(p => p[0], p => p[2] == "denied");
        var eobPath = Path.Combine(history, "ExplanationOfBenefit.ndjson");
        var crPath = Path.Combine(history, "ClaimResponse.ndjson");
        var eobs = File.ReadAllLines(eobPath).Select(l => JsonNode.Parse(l)!).ToList();
        string ClaimOf(JsonNode eob) => eob["claim"]!["reference"]!.GetValue<string>()["Claim/".Length..];

        // 1. Ten claims lose their adjudications (EOB and ClaimResponse): no outcome, no label.
        var lost = eobs.Take(10).Select(ClaimOf).ToHashSet();
        var kept = eobs.Where(e => !lost.Contains(ClaimOf(e))).ToList();
        var responses = File.ReadAllLines(crPath).Where(l => !lost.Any(id => l.Contains($"\"Claim/{id}\"", StringComparison.Ordinal)));
        // 2. An EOB whose Claim is not in the export.
        var orphan = kept[20].DeepClone();
        orphan["id"] = "sim-eob-orphan";
        orphan["claim"]!["reference"] = "Claim/not-in-export";
        orphan.AsObject().Remove("claimResponse");
        // 3. A later adjudication of a paid claim that denies it: the latest decision wins.
        var paid = kept.First(e => !truth[ClaimOf(e)]);
        var denied = kept.First(e => truth[ClaimOf(e)] && e["item"]!.AsArray().Count == 1);
        var second = denied.DeepClone();
        second["id"] = "sim-eob-second-version";
        second["claim"]!["reference"] = paid["claim"]!["reference"]!.GetValue<string>();
        second["patient"] = paid["patient"]!.DeepClone();
        second.AsObject().Remove("claimResponse");
        second["created"] = "2027-01-20";
        // 4. An unknown procedure code on one claim, and a line that is not JSON.
        var claimsPath = Path.Combine(history, "Claim.ndjson");
        var claims = File.ReadAllText(claimsPath);
        var firstCode = claims.IndexOf("\"code\":\"99213\"", StringComparison.Ordinal);
        claims = claims[..firstCode] + "\"code\":\"XYZ99\"" + claims[(firstCode + "\"code\":\"99213\"".Length)..];
        File.WriteAllText(claimsPath, claims + "{not json\n");
        File.WriteAllLines(eobPath, kept.Append(orphan).Append(second).Select(e => e.ToJsonString()));
        File.WriteAllLines(crPath, responses);

        var (card, report) = ScoringBatch.Train(history, Rules, Path.Combine(dir, "model"));

        report.SkippedResources.ShouldBe(1);
        report.EobsWithoutClaim.ShouldBe(1);
        report.Claims.ShouldBe(truth.Count);
        report.Labelled.ShouldBe(truth.Count - lost.Count);
        report.Denied.ShouldBe(truth.Where(t => !lost.Contains(t.Key)).Count(t => t.Value) + 1);
        card.ColdStart.ShouldBeFalse();
        card.SkippedClaims.ShouldBe(lost.Count);
        card.Holdout!.Auc.ShouldBeGreaterThan(0.8);
        card.HistoryClaims.ShouldBe(truth.Count - lost.Count);
    }
}
