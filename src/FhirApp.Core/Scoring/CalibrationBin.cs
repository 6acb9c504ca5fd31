namespace FhirApp.Core.Scoring;

/// <summary>One group of a calibration table: claims in the group, their mean predicted probability and observed denial rate.</summary>
/// <param name="Bin">1 for the lowest-scored group.</param>
public sealed record CalibrationBin(int Bin, int Count, double MeanPredicted, double ObservedRate);
