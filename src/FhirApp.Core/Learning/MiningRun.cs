using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>
/// A rule book and what it took: reading the history into claim features, and mining the rules from them, each in
/// wall time and in the process's CPU time (on a shared machine wall time says more about the neighbours than the code).
/// </summary>
public sealed record MiningRun(LearnedRuleBook Book, TimeSpan Reading, TimeSpan Mining, TimeSpan ReadingCpu, TimeSpan MiningCpu);
