using System.Collections.Concurrent;

namespace FhirApp.Core.Scoring.Registry;

/// <summary>
/// In-memory progress of the training running in this process, per practice: what the model page's progress bar polls.
/// Another instance's training is not seen here; the registry's Training rows show it.
/// </summary>
public sealed class TrainingProgressBoard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, TrainingProgress> _current = new(StringComparer.Ordinal);

    public TrainingProgress? Get(string tenant) => _current.GetValueOrDefault(tenant);

    internal void Start(string tenant, string trigger) =>
        _current[tenant] = new TrainingProgress(true, 0, "Starting", trigger, clock.GetUtcNow(), null);

    /// <summary>A reporter for the trainer; steps arrive on the training thread, in order.</summary>
    internal IProgress<TrainingStep> Reporter(string tenant) => new Sink(this, tenant);

    internal void Report(string tenant, TrainingStep step) =>
        _current.AddOrUpdate(tenant,
            _ => new TrainingProgress(true, step.Fraction, step.Stage, "", clock.GetUtcNow(), null),
            (_, p) => p with { Fraction = step.Fraction, Stage = step.Stage });

    internal void Finish(string tenant, string outcome) =>
        _current.AddOrUpdate(tenant,
            _ => new TrainingProgress(false, 1, outcome, "", clock.GetUtcNow(), outcome),
            (_, p) => p with { Running = false, Fraction = 1, Stage = outcome, Outcome = outcome });

    private sealed class Sink(TrainingProgressBoard board, string tenant) : IProgress<TrainingStep>
    {
        public void Report(TrainingStep value) => board.Report(tenant, value);
    }
}
