using System.Globalization;
using FhirApp.Core.Denials;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing.Learned;

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

    public HistoryStats(Dictionary<string, (int Claims, int Denied)> counts, LearnedRuleBook? rules = null)
    {
        _counts = counts;
        Rules = rules is null || rules.IsEmpty ? LearnedRuleMatcher.Empty : new LearnedRuleMatcher(rules);
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

    /// <summary>The learned payer rules the claims are read against (mined from the same claims as the counts).</summary>
    public LearnedRuleMatcher Rules { get; }

    public IReadOnlyDictionary<string, (int Claims, int Denied)> Counts => _counts;

    /// <param name="claims">The adjudicated claims to count.</param>
    /// <param name="mine">Also mine the learned payer rules from them (<see cref="RuleMiner"/>), as of the last submission.</param>
    public static HistoryStats From(IEnumerable<ScoringClaim> claims, bool mine = false)
    {
        var list = claims as IReadOnlyList<ScoringClaim> ?? claims.ToList();
        return new HistoryStats(CountsOf(list), mine ? Mine(list) : null);
    }

    /// <summary>The payer rules the claims' adjudications show; empty when none of them carries its line decisions.</summary>
    public static LearnedRuleBook Mine(IReadOnlyList<ScoringClaim> claims)
    {
        var mined = claims.Select(c => c.Mined).OfType<MinedClaim>().ToList();
        if (mined.Count == 0)
        {
            return LearnedRuleBook.Empty;
        }

        var summary = new LearnedHistorySummary { Claims = mined.Count, Adjudicated = mined.Count, Denied = mined.Count(m => m.Claim.Denied) };
        return RuleMiner.Mine(new HistoryRead(mined, summary), mined.Max(m => m.Features.Submitted), new MiningThresholds());
    }

    private static Dictionary<string, (int Claims, int Denied)> CountsOf(IReadOnlyList<ScoringClaim> claims)
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

        return counts;
    }

    /// <summary>Stats for each claim from the other folds only (claims are dealt into folds in order).</summary>
    public static HistoryStats[] OutOfFold(IReadOnlyList<ScoringClaim> claims, int folds, out int[] foldOf, bool mine = false)
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
            result[f] = From(claims.Where((_, i) => assigned[i] != fold).ToList(), mine);
        }

        return result;
    }

    public static string PayerKey(string payer) => "payer|" + payer;

    public static string PayerCodeKey(string payer, string code) => $"payer-code|{payer}|{code}";

    public static string PayerCodeAuthKey(string payer, string code, bool authNumber) => $"payer-code-auth|{payer}|{code}|{(authNumber ? 1 : 0)}";

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
    /// <remarks>A filing-limit rule in the learned rule book (the longest lag paid, with timely-filing denials past it) wins over the steps.</remarks>
    public int? LearnedFilingLimit(string payer) => Rules.FilingLimit(payer) ?? (_filingLimits.TryGetValue(payer, out var days) ? days : null);

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
        }

        foreach (var key in LineKinds.SelectMany(kind => LineKeys(claim, kind)).Distinct(StringComparer.Ordinal))
        {
            yield return key;
        }
    }

    /// <summary>
    /// The generic traces every denial mechanism leaves, each a key per claim line (or per claim) whose denial
    /// rate is target-encoded like payer × procedure: how long since the patient's previous same code (frequency limits),
    /// units per day (unit caps), the same-day codes with or without a distinct-service modifier (bundling), the exact
    /// diagnosis (covered-diagnosis lists), the diagnosis's specificity (unspecified codes), the modifiers (modifier
    /// requirements), the place of service, the referring provider and a valid auth (per code); the coverage's age
    /// (silent lapses) and the member id's shape (id formats), per payer. Nothing here names a payer, code or rule.
    /// </summary>
    public static readonly string[] LineKinds =
        ["pc-since", "pc-units", "pc-pair", "pc-dx", "p-dxspec", "pc-mod", "pc-pos", "pc-ref", "pc-auth", "p-months", "p-idshape"];

    /// <summary>The keys of one kind for a claim (one per line, or one per claim); none without the learned reading.</summary>
    public static IEnumerable<string> LineKeys(ScoringClaim claim, string kind)
    {
        if (claim.Learned is not { } f)
        {
            yield break;
        }

        var payer = claim.PayerId;
        switch (kind)
        {
            case "p-months":
                yield return $"p-months|{payer}|{MonthsStep(f.MonthsSinceCoverageStart)}";
                yield break;
            case "p-idshape":
                yield return $"p-idshape|{payer}|{f.MemberIdShape ?? "-"}";
                yield break;
        }

        foreach (var line in f.Lines)
        {
            var code = line.Code;
            switch (kind)
            {
                case "pc-since":
                    yield return $"pc-since|{payer}|{code}|{SinceStep(line.DaysSincePrevious)}";
                    break;
                case "pc-units":
                    yield return string.Create(CultureInfo.InvariantCulture, $"pc-units|{payer}|{code}|{Math.Min(line.UnitsPerDay, 12):0.#}");
                    break;
                case "pc-pair":
                    var distinct = line.Modifiers.Any(IsDistinctModifier) ? 1 : 0;
                    if (line.SameDayCodes.Count == 0)
                    {
                        yield return $"pc-pair|{payer}|{code}|-|{distinct}";
                    }

                    foreach (var other in line.SameDayCodes)
                    {
                        yield return $"pc-pair|{payer}|{code}|{other}|{distinct}";
                    }

                    break;
                case "pc-dx":
                    yield return $"pc-dx|{payer}|{code}|{(line.Diagnoses.Count > 0 ? line.Diagnoses[0] : "-")}";
                    break;
                case "p-dxspec":
                    yield return $"p-dxspec|{payer}|{Specificity(line.Diagnoses)}";
                    break;
                case "pc-mod":
                    yield return $"pc-mod|{payer}|{code}|{(line.Modifiers.Count == 0 ? "-" : string.Join('-', line.Modifiers.Order(StringComparer.Ordinal)))}";
                    break;
                case "pc-pos":
                    yield return $"pc-pos|{payer}|{code}|{line.PlaceOfService ?? "-"}";
                    break;
                case "pc-ref":
                    yield return $"pc-ref|{payer}|{code}|{(f.HasReferring ? 1 : 0)}";
                    break;
                case "pc-auth":
                    yield return $"pc-auth|{payer}|{code}|{(line.AuthValid ? 1 : 0)}";
                    break;
            }
        }
    }

    /// <summary>Days since the previous same code, in steps a frequency limit falls between: none, 0–6, 7–13, 14–29, 30–59, 60–89, 90–179, 180–364, 365+.</summary>
    public static string SinceStep(int? days) => days switch
    {
        null => "none",
        < 7 => "0",
        < 14 => "7",
        < 30 => "14",
        < 60 => "30",
        < 90 => "60",
        < 180 => "90",
        < 365 => "180",
        _ => "365",
    };

    /// <summary>Months of coverage in three-month steps (24+ together); "-" without a coverage start.</summary>
    public static string MonthsStep(int? months) => months is { } m ? (Math.Min(m, 24) / 3 * 3).ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>"category" (three characters), "unspecified" (final character 9), else "specific": how specific a line's first diagnosis is.</summary>
    public static string Specificity(IReadOnlyList<string> diagnoses) => diagnoses.Count == 0 ? "-"
        : diagnoses[0].Length <= 3 ? "category"
        : diagnoses[0][^1] == '9' ? "unspecified"
        : "specific";

    public static bool IsDistinctModifier(string modifier) => modifier is "59" or "XE" or "XS" or "XP" or "XU";
}
