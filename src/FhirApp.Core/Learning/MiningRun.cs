using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>A rule book and what it took: reading the history into claim features, and mining the rules from them.</summary>
public sealed record MiningRun(LearnedRuleBook Book, TimeSpan Reading, TimeSpan Mining);
