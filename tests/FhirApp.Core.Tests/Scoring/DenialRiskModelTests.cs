using System.Globalization;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Scoring;

/// <summary>
/// Trains on a small simulated practice (150 patients, 12 months: about 1,050 adjudicated claims) and checks the model
/// against the simulator's truth. Small so that the whole class runs in well under 30 s on two cores.
/// </summary>
public sealed class DenialRiskModelTests(DenialRiskModelTests.TrainedPractice practice) : IClassFixture<DenialRiskModelTests.TrainedPractice>, IDisposable
{
    private static readonly RuleBook Rules = RuleBookLoader.Load();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-score-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>
    /// Holdout AUC floor 0.80: measured 0.927, 0.914 and 0.886 at seeds 21–23 of this size (0.89–0.96 at 3,600 claims),
    /// so 0.80 leaves room for sampling noise on a 210-claim holdout with about 40 denials, while a model that lost its
    /// history features (payer × procedure rates, auth status) falls well below it. Correlation with the simulator's true
    /// probabilities on future claims: measured 0.86–0.92; floor 0.6. Reason model top-1 on denied holdout claims:
    /// measured 63–83%; the issue asks for "most", so the floor is 0.5.
    /// </summary>
    [Fact]
    public void GivenASimulatedPractice_WhenTrainedAndFutureClaimsScored_ThenHoldoutAucAndTruthCorrelationClearTheirFloors()
    {
        var (dir, modelDir, card, report) = (practice.Directory, practice.ModelDirectory, practice.Card, practice.Report);

        report.Labelled.ShouldBe(report.Claims);
        card.ColdStart.ShouldBeFalse();
        card.Trainer.ShouldBeOneOf("LightGbm", "FastTree");
        card.Holdout.ShouldNotBeNull();
        card.Holdout.Auc.ShouldBeGreaterThan(0.80);
        card.Holdout.Ece.ShouldBeLessThan(0.12);
        card.Holdout.PerPayer.Count.ShouldBe(4);
        card.Holdout.ReasonTop1.ShouldBeGreaterThan(0.5);
        File.Exists(Path.Combine(modelDir, "denial.zip")).ShouldBeTrue();

        var model = DenialRiskModel.Load(modelDir, Rules);
        var (scores, _) = ScoringBatch.Score(Path.Combine(dir, "future"), Path.Combine(dir, "history"), model, Rules);
        var truth = Truth(dir);
        scores.Count.ShouldBe(truth.Values.Count(t => t.Future));
        var correlation = Correlation(scores.Select(s => (s.Probability, truth[s.ClaimId].P)).ToList());
        correlation.ShouldBeGreaterThan(0.6);
        scores.ShouldAllBe(s => s.Score >= 0 && s.Score <= 100 && s.Reasons.Count <= 3 && s.Explanation.Count > 0 && s.ModelVersion == card.Version && !s.ColdStart);
        // A claim past its payer's filing limit is scored high and says why in plain words.
        var late = scores.OrderByDescending(s => s.Score).First();
        late.Score.ShouldBeGreaterThanOrEqualTo(60);
        late.Explanation[0].Length.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void GivenTooLittleHistory_WhenTrained_ThenColdStartScoresFromScrubberFindingsAndSaysSo()
    {
        // 40 patients over 4 months: 72 adjudicated claims with 20 denials, under the 400 claims / 40 denials the model needs.
        var dir = Simulate(patients: 40, months: 4, seed: 5);
        var modelDir = Path.Combine(dir, "model");

        var (card, report) = ScoringBatch.Train(Path.Combine(dir, "history"), Rules, modelDir);

        report.Labelled.ShouldBeLessThan(DenialRiskTrainer.MinClaims);
        card.ColdStart.ShouldBeTrue();
        card.Version.ShouldStartWith("cold-");
        File.Exists(Path.Combine(modelDir, "denial.zip")).ShouldBeFalse();
        var model = DenialRiskModel.Load(modelDir, Rules);
        var (scores, _) = ScoringBatch.Score(Path.Combine(dir, "future"), Path.Combine(dir, "history"), model, Rules);
        scores.ShouldNotBeEmpty();
        scores.ShouldAllBe(s => s.ColdStart && s.Explanation[0].StartsWith("Cold start:", StringComparison.Ordinal));
        // A claim with a hold finding scores above one without findings; the explanation counts the open checks, it does not repeat them.
        var withFindings = scores.Where(s => s.Explanation[1].StartsWith("Raised by the open checks", StringComparison.Ordinal)).ToList();
        withFindings.ShouldNotBeEmpty();
        withFindings.Min(s => s.Score).ShouldBeGreaterThan(scores.Except(withFindings).Max(s => s.Score));
    }

    [Fact]
    public void GivenBulkNdjsonFolders_WhenBatchScored_ThenThePatientByPatientReadScoresExactlyWhatReadingEverythingAtOnceScores()
    {
        var dir = practice.Directory;
        var model = DenialRiskModel.Load(practice.ModelDirectory, Rules);

        var (streamed, report) = ScoringBatch.Score(Path.Combine(dir, "future"), Path.Combine(dir, "history"), model, Rules);
        var toScore = FhirResourceReader.ReadDirectory(Path.Combine(dir, "future"));
        var ids = toScore.Resources.OfType<Hl7.Fhir.Model.Claim>().Where(c => c.Use is null or Hl7.Fhir.Model.ClaimUseCode.Claim).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
        var (claims, wholeReport) = ScoringBatch.Read(FhirReadResult.Combine([toScore, FhirResourceReader.ReadDirectory(Path.Combine(dir, "history"))]), Rules, ids);
        var whole = model.Score(claims);

        streamed.Select(s => (s.ClaimId, s.Probability, s.Score)).OrderBy(s => s.ClaimId, StringComparer.Ordinal)
            .ShouldBe(whole.Select(s => (s.ClaimId, s.Probability, s.Score)).OrderBy(s => s.ClaimId, StringComparer.Ordinal));
        report.Claims.ShouldBe(wholeReport.Claims);
        report.Resources.ShouldBe(wholeReport.Resources);
    }

    [Fact]
    public void GivenATrainedModel_WhenOneClaimIsScoredInItsContext_ThenItMatchesTheBatchScore()
    {
        var dir = practice.Directory;
        var model = DenialRiskModel.Load(practice.ModelDirectory, Rules);
        var (batch, _) = ScoringBatch.Score(Path.Combine(dir, "future"), Path.Combine(dir, "history"), model, Rules);
        var target = batch.OrderByDescending(s => s.Score).First();

        var read = FhirReadResult.Combine([FhirResourceReader.ReadDirectory(Path.Combine(dir, "future")), FhirResourceReader.ReadDirectory(Path.Combine(dir, "history"))]);
        var record = PatientRecordGrouper.Group(read.Resources).First(r => r.Find<Hl7.Fhir.Model.Claim>(target.ClaimId) is not null);
        var context = new ClaimContextBuilder().Build(record, target.ClaimId)!;
        var single = model.Score(context);

        single.Score.ShouldBe(target.Score);
        single.Reasons.ShouldBe(target.Reasons);
        single.Explanation.ShouldBe(target.Explanation);
    }

    [Fact]
    public void GivenOneModel_WhenManyClaimsAreScoredConcurrently_ThenEachScoreEqualsItsSequentialScore()
    {
        var model = DenialRiskModel.Load(practice.ModelDirectory, Rules);
        var read = FhirResourceReader.ReadDirectory(Path.Combine(practice.Directory, "history"));
        var contexts = PatientRecordGrouper.Group(read.Resources).SelectMany(r => new ClaimContextBuilder().Build(r)).Where(c => c.Claim is not null).Take(120).ToList();
        var sequential = contexts.Select(c => model.Score(c)).ToList();

        var concurrent = new RiskScore[contexts.Count];
        Parallel.For(0, contexts.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = model.Score(contexts[i]));

        for (var i = 0; i < contexts.Count; i++)
        {
            concurrent[i].Probability.ShouldBe(sequential[i].Probability);
            concurrent[i].Explanation.ShouldBe(sequential[i].Explanation);
        }
    }

    [Fact]
    public void GivenTheSameHistory_WhenTrainedAgain_ThenTheModelVersionIsTheSame()
    {
        var (card, _) = ScoringBatch.Train(Path.Combine(practice.Directory, "history"), Rules, Path.Combine(_work.FullName, "again"));

        card.Version.ShouldBe(practice.Card.Version);
        card.Holdout!.Auc.ShouldBe(practice.Card.Holdout!.Auc);
    }

    /// <summary>The practice of seed 22 (150 patients, 12 months), simulated and trained once for the class.</summary>
    public sealed class TrainedPractice : IDisposable
    {
        public TrainedPractice()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("fhirapp-score-trained-").FullName;
            PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = 150, Months = 12, Seed = 22 }, Rules).Write(Directory);
            ModelDirectory = Path.Combine(Directory, "model");
            (Card, Report) = ScoringBatch.Train(Path.Combine(Directory, "history"), Rules, ModelDirectory);
        }

        public string Directory { get; }

        public string ModelDirectory { get; }

        public ModelCard Card { get; }

        public ScoringReadReport Report { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string Simulate(int patients, int months, int seed)
    {
        var dir = Path.Combine(_work.FullName, string.Create(CultureInfo.InvariantCulture, $"p{patients}-m{months}-s{seed}"));
        PracticeSimulator.Simulate(new PracticeSimulatorOptions { Patients = patients, Months = months, Seed = seed }, Rules).Write(dir);
        return dir;
    }

    private static Dictionary<string, (double P, bool Denied, bool Future)> Truth(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "truth.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (double.Parse(p[1], CultureInfo.InvariantCulture), p[2] == "denied", p[5] == "future"));

    private static double Correlation(IReadOnlyList<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var syy = points.Sum(p => (p.Y - my) * (p.Y - my));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
