using FhirApp.Core.Denials;

namespace FhirApp.Core.Scoring;

/// <summary>
/// Denial counts of adjudicated claims by key (payer, payer × procedure, payer × procedure × auth number present,
/// procedure × diagnosis category, provider, provider × payer, provider × payer × month; and payer × filing lag, counting
/// timely-filing denials): the target encodings of the model and the numbers its
/// explanations quote. Rates are smoothed toward the overall rate with <see cref="Smoothing"/> pseudo-claims, so a key
/// seen twice does not claim 100%. Training uses out-of-fold copies (<see cref="OutOfFold"/>): a claim's own label never
/// feeds its own features.
/// </summary>
internal sealed class HistoryStats
{
    public const double Smoothing = 10;

    private readonly Dictionary<string, (int Claims, int Denied)> _counts;

    private readonly Dictionary<string, int> _filingLimits = new(StringComparer.Ordinal);

    public HistoryStats(Dictionary<string, (int Claims, int Denied)> counts)
    {
        _counts = counts;
        var (claims, denied) = _counts.GetValueOrDefault(GlobalKey);
        OverallRate = claims == 0 ? 0.12 : denied / (double)claims;
        foreach (var payer in counts.Keys.Where(k => k.StartsWith("payer-lag|", StringComparison.Ordinal)).Select(k => k.Split('|')[1]).Distinct())
        {
            for (var step = FirstLagStep; step <= LastLagStep; step += LagStepDays)
            {
                var (n, timelyFiling) = Count(PayerLagKey(payer, step));
                if (n >= 2 && timelyFiling * 2 >= n)
                {
                    _filingLimits[payer] = step;
                    break;
                }
            }
        }
    }

    public const string GlobalKey = "all";

    public double OverallRate { get; }

    public IReadOnlyDictionary<string, (int Claims, int Denied)> Counts => _counts;

    public static HistoryStats From(IEnumerable<ScoringClaim> claims)
    {
        var counts = new Dictionary<string, (int Claims, int Denied)>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (claim.Label is not { } label)
            {
                continue;
            }

            foreach (var key in KeysOf(claim))
            {
                var (n, d) = counts.GetValueOrDefault(key);
                counts[key] = (n + 1, d + (label.Denied ? 1 : 0));
            }

            for (var step = FirstLagStep; step <= Math.Min(claim.LagDays, LastLagStep); step += LagStepDays)
            {
                var key = PayerLagKey(claim.PayerId, step);
                var (n, d) = counts.GetValueOrDefault(key);
                counts[key] = (n + 1, d + (label is { Denied: true, Category: DenialCategory.TimelyFiling } ? 1 : 0));
            }
        }

        return new HistoryStats(counts);
    }

    /// <summary>Stats for each claim from the other folds only (claims are dealt into folds in order).</summary>
    public static HistoryStats[] OutOfFold(IReadOnlyList<ScoringClaim> claims, int folds, out int[] foldOf)
    {
        foldOf = new int[claims.Count];
        for (var i = 0; i < claims.Count; i++)
        {
            foldOf[i] = i % folds;
        }

        var result = new HistoryStats[folds];
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            var assigned = foldOf;
            result[f] = From(claims.Where((_, i) => assigned[i] != fold));
        }

        return result;
    }

    public static string PayerKey(string payer) => "payer|" + payer;

    public static string PayerCodeKey(string payer, string code) => $"payer-code|{payer}|{code}";

    public static string PayerCodeAuthKey(string payer, string code, bool authNumber) => $"payer-code-auth|{payer}|{code}|{(authNumber ? 1 : 0)}";

    /// <summary>Payer × procedure × what the note documents (failed conservative therapy, session times): unpublished documentation rules.</summary>
    public static string PayerCodeNoteKey(string payer, string code, bool conservativeTherapy, bool sessionTimes) =>
        $"payer-code-note|{payer}|{code}|{(conservativeTherapy ? 1 : 0)}{(sessionTimes ? 1 : 0)}";

    public static string CodeDiagnosisKey(string code, string dx) => $"code-dx|{code}|{dx}";

    /// <summary>
    /// Payer × "submitted at least D days after the date of service" (D in 30-day steps from 60 to 360; a claim counts
    /// under every step up to its own lag), counting timely-filing denials only: where the payer's filing limit lies.
    /// </summary>
    public static string PayerLagKey(string payer, int atLeastDays) => $"payer-lag|{payer}|{atLeastDays}";

    /// <summary>
    /// The filing limit a payer enforces as its history shows it: the first 30-day step from which at least half of its
    /// claims (two or more) were denied for timely filing; null when its history shows none. For payers whose limit no
    /// policy file states.
    /// </summary>
    public int? LearnedFilingLimit(string payer) => _filingLimits.TryGetValue(payer, out var days) ? days : null;

    private const int FirstLagStep = 60;
    private const int LagStepDays = 30;
    private const int LastLagStep = 360;

    public static string ProviderKey(string provider) => "provider|" + provider;

    public static string ProviderPayerKey(string provider, string payer) => $"provider-payer|{provider}|{payer}";

    /// <summary>Provider × payer × the month the claim was submitted: what changed lately (a credentialing gap opening or closing).</summary>
    public static string ProviderPayerMonthKey(string provider, string payer, DateOnly submitted) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"provider-payer-month|{provider}|{payer}|{submitted:yyyy-MM}");

    /// <summary>
    /// The provider × payer denial counts of the two calendar months before <paramref name="submitted"/>'s month, and
    /// their rate smoothed toward the pair's rate over the whole history: a pair whose recent claims went otherwise than
    /// its history moves away from it.
    /// </summary>
    public (int Claims, int Denied, double Rate) Recent(string provider, string payer, DateOnly submitted)
    {
        var month = new DateOnly(submitted.Year, submitted.Month, 1);
        var (n1, d1) = Count(ProviderPayerMonthKey(provider, payer, month.AddMonths(-1)));
        var (n2, d2) = Count(ProviderPayerMonthKey(provider, payer, month.AddMonths(-2)));
        var (n, d) = (n1 + n2, d1 + d2);
        return (n, d, (d + (Smoothing * Rate(ProviderPayerKey(provider, payer)))) / (n + Smoothing));
    }

    public (int Claims, int Denied) Count(string key) => _counts.GetValueOrDefault(key);

    /// <summary>The smoothed denial rate of a key.</summary>
    public double Rate(string key)
    {
        var (n, d) = _counts.GetValueOrDefault(key);
        return (d + (Smoothing * OverallRate)) / (n + Smoothing);
    }

    /// <summary>The key among several (one per claim line) with the highest smoothed rate.</summary>
    public (string Key, double Rate) Max(IEnumerable<string> keys)
    {
        var best = ("", OverallRate);
        var first = true;
        foreach (var key in keys)
        {
            var rate = Rate(key);
            if (first || rate > best.Item2)
            {
                best = (key, rate);
                first = false;
            }
        }

        return best;
    }

    private static IEnumerable<string> KeysOf(ScoringClaim claim)
    {
        yield return GlobalKey;
        yield return PayerKey(claim.PayerId);
        yield return ProviderKey(claim.ProviderId);
        yield return ProviderPayerKey(claim.ProviderId, claim.PayerId);
        yield return ProviderPayerMonthKey(claim.ProviderId, claim.PayerId, claim.Submitted);
        foreach (var code in claim.Codes.Distinct())
        {
            yield return PayerCodeKey(claim.PayerId, code);
            yield return PayerCodeAuthKey(claim.PayerId, code, claim.AuthNumberOnClaim);
            yield return CodeDiagnosisKey(code, claim.DiagnosisCategory);
            yield return PayerCodeNoteKey(claim.PayerId, code, claim.NoteShowsFailedConservativeTherapy, claim.NoteHasSessionTimes);
        }
    }
}
