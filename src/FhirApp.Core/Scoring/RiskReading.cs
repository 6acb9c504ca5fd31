using System.Globalization;
using FhirApp.Core.Scrubbing.Queue;

namespace FhirApp.Core.Scoring;

/// <summary>
/// How the risk panel reads a claim's score beside its checks, so the two never contradict each other: before
/// submission the band is the worse of the score's band and the open findings' (an open hold reads "hold" whatever the
/// score, an open review at least "review"); a claim the payer has is scored but has no pre-submit holds; a claim the
/// payer decided shows its outcome, not a score or the causes "most likely if denied".
/// </summary>
/// <param name="Band">The band shown; null when the claim is decided or closed (no score shown).</param>
/// <param name="Label">"78 / 100 · hold", or the outcome ("The payer decided: Paid").</param>
/// <param name="Note">Why the band is above the score's own, or why no score is shown; null when nothing needs saying.</param>
/// <param name="ShowLikelyCauses">Whether "most likely if denied" applies (not once the payer decided).</param>
public sealed record RiskReading(RiskBand? Band, string Label, string? Note, bool ShowLikelyCauses)
{
    /// <summary>Scores from 80 read "hold".</summary>
    public const int HoldFrom = 80;

    /// <summary>Scores from 60 read "review".</summary>
    public const int ReviewFrom = 60;

    /// <summary>The band of a score on its own.</summary>
    public static RiskBand BandOf(int score) => score >= HoldFrom ? RiskBand.Hold : score >= ReviewFrom ? RiskBand.Review : RiskBand.Low;

    /// <summary>The band in words: "low", "review", "hold".</summary>
    public static string Words(RiskBand band) => band switch
    {
        RiskBand.Hold => "hold",
        RiskBand.Review => "review",
        _ => "low",
    };

    /// <summary>The reading of a claim's score (null when it was not scored) in its work state.</summary>
    public static RiskReading Of(int? score, ClaimWorkState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Adjudicated || state.Stage == ClaimWorkStage.Closed)
        {
            return new RiskReading(null, state.Adjudicated ? $"The payer decided: {state.Words}" : state.Words,
                "The risk score is for claims not yet decided.", ShowLikelyCauses: false);
        }

        if (score is not { } s)
        {
            return new RiskReading(null, "Not scored", null, ShowLikelyCauses: false);
        }

        var own = BandOf(s);
        var checks = state.BeforeSubmission ? state.Holds > 0 ? RiskBand.Hold : state.Reviews > 0 ? RiskBand.Review : RiskBand.Low : RiskBand.Low;
        var band = (RiskBand)Math.Max((int)own, (int)checks);
        var label = string.Create(CultureInfo.InvariantCulture, $"{s} / 100 · {Words(band)}");
        string? note = null;
        if (band > own)
        {
            note = band == RiskBand.Hold
                ? $"On hold while {Count(state.Holds, "hold")} in the checks {(state.Holds == 1 ? "is" : "are")} open; the score alone reads {Words(own)}."
                : $"Review while {Count(state.Reviews, "check")} to review {(state.Reviews == 1 ? "is" : "are")} open; the score alone reads {Words(own)}.";
        }

        return new RiskReading(band, label, note, ShowLikelyCauses: true);
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");
}
