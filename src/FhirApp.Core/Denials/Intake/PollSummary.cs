namespace FhirApp.Core.Denials.Intake;

/// <summary>What one poll did (also stored as its <see cref="Data.JobRun"/>).</summary>
public sealed record PollSummary(long RunId, int Pages, int Resources, int Stored, int Errors);
