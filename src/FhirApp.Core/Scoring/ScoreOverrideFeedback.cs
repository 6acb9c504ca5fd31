namespace FhirApp.Core.Scoring;

/// <summary>
/// Billers' score overrides as training feedback: those whose claims the payer then decided as the biller expected
/// (weighted <paramref name="Weight"/>), those it decided otherwise (weight 1), and those not yet in the history.
/// </summary>
public sealed record ScoreOverrideFeedback(int Confirmed, int Contradicted, int Pending, float Weight);
