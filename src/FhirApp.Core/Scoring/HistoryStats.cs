namespace FhirApp.Core.Scoring;

/// <summary>
/// Denial counts of adjudicated claims by key (payer, payer × procedure, payer × procedure × auth number present,
/// procedure × diagnosis category, provider, provider × payer): the target encodings of the model and the numbers its
/// explanations quote. Rates are smoothed toward the overall rate with <see cref="Smoothing"/> pseudo-claims, so a key
/// seen twice does not claim 100%. Training uses out-of-fold copies (<see cref="OutOfFold"/>): a claim's own label never
/// feeds its own features.
/// </summary>
internal sealed class HistoryStats
{
    public const double Smoothing = 10;

    private readonly Dictionary<string, (int Claims, int Denied)> _counts;

    public HistoryStats(Dictionary<string, (int Claims, int Denied)> counts)
    {
        _counts = counts;
        var (claims, denied) = _counts.GetValueOrDefault(GlobalKey);
        OverallRate = claims == 0 ? 0.12 : denied / (double)claims;
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

    public static string ProviderKey(string provider) => "provider|" + provider;

    public static string ProviderPayerKey(string provider, string payer) => $"provider-payer|{provider}|{payer}";

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
        foreach (var code in claim.Codes.Distinct())
        {
            yield return PayerCodeKey(claim.PayerId, code);
            yield return PayerCodeAuthKey(claim.PayerId, code, claim.AuthNumberOnClaim);
            yield return CodeDiagnosisKey(code, claim.DiagnosisCategory);
            yield return PayerCodeNoteKey(claim.PayerId, code, claim.NoteShowsFailedConservativeTherapy, claim.NoteHasSessionTimes);
        }
    }
}
