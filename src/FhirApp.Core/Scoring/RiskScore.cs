using FhirApp.Core.Denials;

namespace FhirApp.Core.Scoring;

/// <summary>
/// A claim's denial risk, as the UI and the CLI show it: the score 0–100 (the calibrated denial probability × 100), the
/// top denial categories with their probabilities, plain-language explanation lines, the model version, and whether the
/// score came from scrubber-based priors because the practice's history is too small (cold start).
/// </summary>
/// <param name="ClaimId">The Claim's id.</param>
/// <param name="Score">0–100.</param>
/// <param name="Probability">The calibrated probability that the payer denies the claim (or a line of it).</param>
/// <param name="Reasons">Up to three categories, most likely first; each probability is P(category | denied).</param>
/// <param name="Explanation">Why, in plain words, strongest first.</param>
/// <param name="ModelVersion">The model that scored it.</param>
/// <param name="ColdStart">True when the score comes from scrubber findings, not a model learned from history.</param>
public sealed record RiskScore(
    string ClaimId,
    int Score,
    double Probability,
    IReadOnlyList<RiskReason> Reasons,
    IReadOnlyList<string> Explanation,
    string ModelVersion,
    bool ColdStart);

/// <summary>
/// A predicted denial category and its probability given a denial; with the reason the payer typically gives for it
/// (<see cref="Carc"/>, "CO-29") and, when a rule learned from the practice's remittances applies, that rule in words.
/// </summary>
public sealed record RiskReason(DenialCategory Category, double Probability)
{
    /// <summary>The group code and CARC the payer gave (under the learned rule, else most often in the history for this category), e.g. "CO-151".</summary>
    public string? Carc { get; init; }

    /// <summary>The learned payer rule behind this reason, in words ("BluePeak denied 12 of 13 lines of 97110 …"), or null.</summary>
    public string? Rule { get; init; }
}
