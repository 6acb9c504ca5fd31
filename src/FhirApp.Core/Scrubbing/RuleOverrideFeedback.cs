namespace FhirApp.Core.Scrubbing;

/// <summary>Billers overrode a rule for a payer on <paramref name="Claims"/> claims within <see cref="FindingDecisions.FeedbackWindow"/>.</summary>
public sealed record RuleOverrideFeedback(int Claims, string LatestReason, DateTime LatestAt)
{
    /// <summary>From this many overridden claims on, the panel suggests turning the rule off for the payer.</summary>
    public const int SuggestTurningOffAt = 5;

    public bool SuggestsTurningOff => Claims >= SuggestTurningOffAt;
}
