namespace FhirApp.Core.Denials;

/// <summary>One adjudication resource read for denial work: its stored facts and the lines that need work.</summary>
public sealed record AdjudicationDecision(AdjudicationFacts Facts, IReadOnlyList<DetectedDenial> Denials);
