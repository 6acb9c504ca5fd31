namespace FhirApp.Core.Denials;

/// <summary>P(overturn) for an appeal, with the decided appeals it rests on and a plain explanation.</summary>
public sealed record AppealEstimate(double Probability, int DecidedAppeals, string Basis);
