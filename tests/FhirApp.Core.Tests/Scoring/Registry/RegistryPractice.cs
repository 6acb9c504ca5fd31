using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Registry;
using FhirApp.Core.Scoring.Synthetic;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Tests.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Scoring.Registry;

/// <summary>
/// A small simulated practice (80 patients, 12 months, seed 31: a few hundred adjudicated claims, enough to leave cold
/// start) with two models trained on it once: a good one, and one trained on flipped labels (paid ↔ denied), whose
/// ranking is reversed: a live model that has gone bad.
/// </summary>
public sealed class RegistryPractice : IDisposable
{
    public static readonly RuleBook Rules = RuleBookLoader.Load();

    public RegistryPractice()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fhirapp-registry-").FullName;
        var options = new PracticeSimulatorOptions { Patients = 80, Months = 12, Seed = 31 };
        Today = options.Today;
        PracticeSimulator.Simulate(options, Rules).Write(Directory);
        // The history as the app keeps it: practice "t"'s own folder under the history root.
        History = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "histories")).FullName;
        History = Path.Combine(History, Tenant);
        System.IO.Directory.Move(Path.Combine(Directory, "history"), History);
        var (claims, _) = ScoringBatch.Read([History], Rules, null);
        Claims = claims;
        GoodModel = Path.Combine(Directory, "good");
        DenialRiskTrainer.Train(claims, GoodModel);
        FlippedModel = Path.Combine(Directory, "flipped");
        DenialRiskTrainer.Train(claims.Select(c => c.Label is { } l ? c with { Label = l with { Denied = !l.Denied } } : c).ToList(), FlippedModel);
    }

    /// <summary>The practice whose history this is.</summary>
    public const string Tenant = "t";

    public string Directory { get; }

    public string History { get; }

    /// <summary>The simulator's export day: the history's last adjudications are just before it.</summary>
    public DateOnly Today { get; }

    internal IReadOnlyList<ScoringClaim> Claims { get; }

    public string GoodModel { get; }

    public string FlippedModel { get; }

    /// <summary>
    /// Options whose history root holds <paramref name="history"/> (a practice's folder) or nothing. The check window is
    /// 30 days here: a practice this small adjudicates too few claims in one week to judge.
    /// </summary>
    public static ScoringOptions Options(string? history) => new() { HistoryRoot = history is null ? null : Path.GetDirectoryName(history), AucWindowDays = 30, MinCheckClaims = 20 };

    public FakeTimeProvider Clock() => new(new DateTimeOffset(Today.ToDateTime(new TimeOnly(2, 30)), TimeSpan.Zero));

    internal static (ModelRegistry Registry, ModelRetrainer Retrainer, TrainingProgressBoard Board) Services(TestDatabase db, ScoringOptions options, TimeProvider clock)
    {
        var registry = new ModelRegistry(db.Contexts, Rules, options, clock, NullLogger<ModelRegistry>.Instance);
        var board = new TrainingProgressBoard(clock);
        return (registry, new ModelRetrainer(registry, new RiskOverrides(db.Contexts, clock), db.Contexts, Rules, options, board, clock, NullLogger<ModelRetrainer>.Instance), board);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class RegistryPracticeGroup : ICollectionFixture<RegistryPractice>
{
    public const string Name = "registry practice";
}
