using System.Diagnostics;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>
/// The rule miner: reads a practice's adjudicated history (Claim + ClaimResponse / EOB + Coverage + notes,
/// the folders `fhirapp train --history` reads) and, per payer, keeps the candidate rules of every denial mechanism
/// shape (<see cref="LearnedShape"/>) that the evidence supports (<see cref="MiningThresholds"/>). It learns from the
/// data only: no payer, code or parameter is built in. Payers are mined in parallel; the book is deterministic.
/// </summary>
public static class RuleMiner
{
    /// <summary>Mines the history in <paramref name="historyDirectories"/> (NDJSON and / or Bundles, read recursively).</summary>
    /// <param name="historyDirectories">The history folders.</param>
    /// <param name="minedOn">Today, from the caller's clock (recorded in the book).</param>
    /// <param name="thresholds">The evidence rules need; null: the documented defaults.</param>
    /// <param name="causes">The CARC / RARC category table; null: the one shipped with the app.</param>
    /// <param name="shipped">
    /// The shipped rule content (policy files, code tables); when given, each history claim is scrubbed as of its
    /// submission day and the book records which shipped holds each payer does not enforce.
    /// </param>
    public static LearnedRuleBook Mine(IReadOnlyList<string> historyDirectories, DateOnly minedOn, MiningThresholds? thresholds = null, DenialCauseTable? causes = null, RuleBook? shipped = null) =>
        Run(historyDirectories, minedOn, thresholds, causes, shipped).Book;

    /// <summary>As <see cref="Mine(IReadOnlyList{string}, DateOnly, MiningThresholds?, DenialCauseTable?, RuleBook?)"/>, timing reading and mining apart (benchmarks).</summary>
    public static MiningRun Run(IReadOnlyList<string> historyDirectories, DateOnly minedOn, MiningThresholds? thresholds = null, DenialCauseTable? causes = null, RuleBook? shipped = null)
    {
        ArgumentNullException.ThrowIfNull(historyDirectories);
        thresholds ??= new MiningThresholds();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var history = HistoryReader.Read(historyDirectories, causes ?? DenialCauseTable.Load(), shipped, thresholds.MaxCalibrationClaims);
        var reading = clock.Elapsed;
        var readingCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var book = Mine(history, minedOn, thresholds);
        return new MiningRun(book, reading, clock.Elapsed - reading, readingCpu, Process.GetCurrentProcess().TotalProcessorTime - cpu - readingCpu);
    }

    /// <summary>Mines resources already read (tests, and callers that hold an export in memory).</summary>
    internal static LearnedRuleBook Mine(IReadOnlyList<Hl7.Fhir.Model.Resource> resources, DateOnly minedOn, MiningThresholds? thresholds = null, RuleBook? shipped = null) =>
        Mine(HistoryReader.Read(resources, DenialCauseTable.Load(), shipped, maxCalibrationClaims: (thresholds ?? new MiningThresholds()).MaxCalibrationClaims), minedOn, thresholds ?? new MiningThresholds());

    internal static LearnedRuleBook Mine(HistoryRead history, DateOnly minedOn, MiningThresholds thresholds)
    {
        var mined = history.Claims
            .GroupBy(c => c.Features.PayerKey, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .AsParallel().AsOrdered()
            .Select(g =>
            {
                var miner = new PayerMiner(g.Key, g, thresholds);
                return (Payer: miner.Summary(), Rules: miner.Mine());
            })
            .ToList();
        return new LearnedRuleBook
        {
            MinedOn = minedOn,
            History = history.Summary,
            Thresholds = thresholds,
            Payers = [.. mined.Select(m => m.Payer)],
            Rules = [.. mined.SelectMany(m => m.Rules)],
        }.WithVersion();
    }
}
