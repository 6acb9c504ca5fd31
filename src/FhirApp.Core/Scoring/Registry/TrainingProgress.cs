namespace FhirApp.Core.Scoring.Registry;

/// <summary>A practice's training in this process: running or finished, how far, doing what, and how it ended.</summary>
public sealed record TrainingProgress(bool Running, double Fraction, string Stage, string Trigger, DateTimeOffset StartedAt, string? Outcome);
