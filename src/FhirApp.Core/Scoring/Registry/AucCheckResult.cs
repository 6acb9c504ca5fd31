namespace FhirApp.Core.Scoring.Registry;

/// <summary>
/// One AUC check of the live model on recently adjudicated claims; <see cref="Auc"/> is null when the window could not be
/// judged. <see cref="Payers"/> holds each payer judged on its own (enough claims, both outcomes).
/// </summary>
public sealed record AucCheckResult(double? Auc, int Claims, int Denials, bool Retrained, string Message)
{
    public IReadOnlyList<PayerAuc> Payers { get; init; } = [];
}

/// <summary>The live model's AUC on one payer's recently adjudicated claims.</summary>
public sealed record PayerAuc(string PayerId, string PayerName, double Auc, int Claims, int Denials);
