namespace FhirApp.Core.Scoring;

/// <summary>Where a training run is: the share done (0–1) and what it is doing, for a progress bar.</summary>
public sealed record TrainingStep(double Fraction, string Stage);
