namespace FhirApp.Core.Scoring.Registry;

/// <summary>One AUC check of the live model on recently adjudicated claims; <see cref="Auc"/> is null when the week could not be judged.</summary>
public sealed record AucCheckResult(double? Auc, int Claims, int Denials, bool Retrained, string Message);
