namespace FhirApp.Core.Learning;

/// <summary>Who decided, when and why.</summary>
public sealed record PracticeRuleDecision(bool Confirmed, string Reason, string DecidedBy, DateTimeOffset DecidedAt);
