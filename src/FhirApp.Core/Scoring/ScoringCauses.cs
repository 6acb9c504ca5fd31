using FhirApp.Core.Claims;
using FhirApp.Core.Denials;

namespace FhirApp.Core.Scoring;

/// <summary>
/// The one CARC → <see cref="DenialCategory"/> table, as scoring reads it: the denials' carc-categories.json from the
/// default DenialsContent folder, loaded once. Labels, reason priors and the simulator's truth use the CARC alone (no
/// RARC refinement), so they agree with each other. Whether a code denies at all is <see cref="DenialClassifier"/>'s
/// call (CO-45, CO-253 and PR-1/2/3 never do); callers ask only about denying reasons.
/// </summary>
internal static class ScoringCauses
{
    private static readonly Lazy<DenialCauseTable> Table = new(() => DenialCauseTable.Load());

    /// <summary>The category of a CARC ("197") or a labelled reason ("CO-197", "PR27"); an unlisted code is Other.</summary>
    public static DenialCategory Of(string carcOrLabel)
    {
        ArgumentNullException.ThrowIfNull(carcOrLabel);
        var code = carcOrLabel.Trim().ToUpperInvariant();
        if (DenialClassifier.TrySplitGroupAndCarc(code, out _, out var carc))
        {
            code = carc;
        }

        return Table.Value.Classify(code, []).Category;
    }
}
