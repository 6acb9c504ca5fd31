using System.Globalization;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Scoring;

/// <summary>
/// The model's inputs, one float each, in a fixed order (the order is part of a saved model: changing it needs a retrain).
/// Each feature is documented where it is defined, with the sentence an explanation line says when it pushes a score up.
/// Rates come from <see cref="HistoryStats"/> (out-of-fold while training, the whole history when scoring).
/// </summary>
internal static class DenialFeatures
{
    /// <summary>A history rate is quoted as a reason only when it is this many times the practice's overall rate.</summary>
    private const double RaisedRate = 1.25;

    private static readonly FindingCategory[] FindingCategories = Enum.GetValues<FindingCategory>();

    private static readonly LearnedShape[] Shapes = Enum.GetValues<LearnedShape>();

    private static readonly DenialCategory[] Categories = Enum.GetValues<DenialCategory>();

    /// <summary>What each generic history key says when its rate is raised (the code, when the key has one, is filled in).</summary>
    private static readonly Dictionary<string, Func<ScoringClaim, string, int, int, string, string>> KindLines = new(StringComparer.Ordinal)
    {
        ["pc-since"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims billed {SinceWords(v)}.",
        ["pc-units"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims billed with {v} unit(s) that day.",
        ["pc-pair"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims billed {PairWords(v)}.",
        ["pc-dx"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims with diagnosis {v}.",
        ["p-dxspec"] = (c, _, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} claims pointing to {(v == "specific" ? "a specific" : v == "category" ? "a category-only" : "an unspecified")} diagnosis.",
        ["pc-mod"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims billed {(v == "-" ? "without a modifier" : "with modifier " + v)}.",
        ["pc-pos"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims in place of service {v}.",
        ["pc-ref"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims {(v == "1" ? "with" : "without")} a referring provider.",
        ["pc-auth"] = (c, code, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims {(v == "1" ? "with" : "without")} a valid authorization.",
        ["p-months"] = (c, _, n, d, v) => $"{c.PayerName} denied {Pct(d, n)} of {n} claims billed {v}–{(v == "24" ? "more" : (int.Parse(v, CultureInfo.InvariantCulture) + 2).ToString(CultureInfo.InvariantCulture))} months into the coverage.",
        ["p-idshape"] = (c, _, n, d, _) => $"{c.PayerName} denied {Pct(d, n)} of {n} claims whose member id looks like this one.",
    };

    /// <summary>The features: name, value, and the explanation line (null when there is nothing useful to say).</summary>
    private static readonly Feature[] All =
    [
        // Payer × procedure denial history: the highest smoothed rate among the claim's codes at this payer.
        new("payer_code_rate", (c, s) => s.Max(c.Codes.Select(code => HistoryStats.PayerCodeKey(c.PayerId, code))).Rate,
            (c, s) => RateLine(s, c.Codes.Select(code => HistoryStats.PayerCodeKey(c.PayerId, code)), (code, n, d) =>
                $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims in the history.")),
        // The same, split by whether the claim carries an auth number: learns unpublished auth requirements.
        new("payer_code_auth_rate", (c, s) => s.Max(c.Codes.Select(code => HistoryStats.PayerCodeAuthKey(c.PayerId, code, c.AuthNumberOnClaim))).Rate,
            (c, s) => RateLine(s, c.Codes.Select(code => HistoryStats.PayerCodeAuthKey(c.PayerId, code, c.AuthNumberOnClaim)), (code, n, d) =>
                $"{c.PayerName} denied {Pct(d, n)} of {n} {code} claims {(c.AuthNumberOnClaim ? "with" : "without")} an auth number in the history.")),
        // The payer's overall denial rate.
        new("payer_rate", (c, s) => s.Rate(HistoryStats.PayerKey(c.PayerId)),
            (c, s) => CountLine(s, HistoryStats.PayerKey(c.PayerId), (n, d) => $"{c.PayerName} denied {Pct(d, n)} of {n} claims from this practice.")),
        // Procedure × diagnosis category history: how often this pairing was denied, whatever the payer.
        new("code_dx_rate", (c, s) => s.Max(c.Codes.Select(code => HistoryStats.CodeDiagnosisKey(code, c.DiagnosisCategory))).Rate,
            (c, s) => RateLine(s, c.Codes.Select(code => HistoryStats.CodeDiagnosisKey(code, c.DiagnosisCategory)), (code, n, d) =>
                $"{code} with a {c.DiagnosisCategory} diagnosis was denied {Pct(d, n)} of {n} times.")),
        // Provider history and its deviation from the practice.
        new("provider_rate", (c, s) => s.Rate(HistoryStats.ProviderKey(c.ProviderId)),
            (c, s) => CountLine(s, HistoryStats.ProviderKey(c.ProviderId), (n, d) => $"{c.ProviderName}'s claims were denied {Pct(d, n)} of {n} times (practice: {s.OverallRate:P0}).")),
        new("provider_payer_rate", (c, s) => s.Rate(HistoryStats.ProviderPayerKey(c.ProviderId, c.PayerId)),
            (c, s) => CountLine(s, HistoryStats.ProviderPayerKey(c.ProviderId, c.PayerId), (n, d) => $"{c.PayerName} denied {Pct(d, n)} of {n} claims by {c.ProviderName}.")),
        // The same pair over the two months before this claim: a change the whole history hides (a credentialing gap).
        new("provider_payer_recent_rate", (c, s) => s.Recent(c.ProviderId, c.PayerId, c.Submitted).Rate,
            (c, s) => s.Recent(c.ProviderId, c.PayerId, c.Submitted) is { Claims: > 0 } recent && recent.Rate >= s.OverallRate * RaisedRate
                ? $"{c.PayerName} denied {Pct(recent.Denied, recent.Claims)} of {recent.Claims} claims by {c.ProviderName} in the two months before this one."
                : null),
        new("provider_deviation", (c, s) => s.Rate(HistoryStats.ProviderKey(c.ProviderId)) - s.OverallRate, null),
        // Modifiers, units, amount, place of service, lines.
        new("modifier_count", (c, _) => c.ModifierCount, null),
        new("modifier_25", (c, _) => c.HasModifier25 ? 1 : 0, null),
        new("modifier_59", (c, _) => c.HasModifier59 ? 1 : 0, (c, _) => c.HasModifier59 ? "A 59/X modifier unbundles a code pair; payers audit it." : null),
        new("total_units", (c, _) => (double)c.TotalUnits, null),
        new("max_units", (c, _) => (double)c.MaxUnits, (c, _) => c.MaxUnits > 1 ? Inv($"{c.MaxUnits:0.#} units on one line.") : null),
        new("log_billed", (c, _) => Math.Log(1 + (double)c.Billed), null),
        new("pos_not_office", (c, _) => c.PlaceOfService is "11" or "" ? 0 : 1, null),
        new("line_count", (c, _) => c.Codes.Count, null),
        new("has_referring", (c, _) => c.HasReferringProvider ? 1 : 0, (c, _) => c.HasReferringProvider ? null : "No referring provider on the claim."),
        // Authorization status.
        new("auth_listed", (c, _) => c.AuthListedCodes.Count > 0 ? 1 : 0,
            (c, _) => c.AuthListedCodes.Count > 0 ? $"{c.PayerName}'s policy requires prior authorization for {string.Join(", ", c.AuthListedCodes)}." : null),
        new("auth_number_on_claim", (c, _) => c.AuthNumberOnClaim ? 1 : 0, (c, _) => c.AuthNumberOnClaim ? null : "No prior-authorization number on the claim."),
        new("auth_on_file", (c, _) => c.AuthOnFile ? 1 : 0, (c, _) => c.AuthOnFile ? null : "No prior authorization on file for this claim."),
        // Days from date of service to submission, against the payer's filing limit: its policy's, else the one its
        // timely-filing denials show (HistoryStats.LearnedFilingLimit: one relationship learned from every payer's
        // claims then serves a payer with few), else 365. Said only when the lag is long: past half the limit, or 60 days
        // when no limit is known.
        new("lag_days", (c, s) => c.LagDays,
            (c, s) => c.FilingLimitDays is null && s.LearnedFilingLimit(c.PayerId) is null && c.LagDays > 60 ? Inv($"Submitted {c.LagDays} days after the date of service.") : null),
        new("lag_over_filing_limit", (c, s) => c.LagDays / (double)(c.FilingLimitDays ?? s.LearnedFilingLimit(c.PayerId) ?? 365),
            (c, s) => c.FilingLimitDays is { } limit
                ? c.LagDays > limit / 2 ? Inv($"Submitted {c.LagDays} days after the date of service; {c.PayerName}'s filing limit is {limit} days.") : null
                : s.LearnedFilingLimit(c.PayerId) is { } learned && c.LagDays > learned / 2
                    ? Inv($"Submitted {c.LagDays} days after the date of service; {c.PayerName} denied claims for timely filing from {learned} days on in the history.")
                    : null),
        // Coverage status.
        new("has_coverage", (c, _) => c.HasCoverage ? 1 : 0, (c, _) => c.HasCoverage ? null : "The claim bills no coverage."),
        new("coverage_active", (c, _) => c.CoverageActiveOnServiceDate ? 1 : 0,
            (c, _) => c.CoverageActiveOnServiceDate ? null : "The coverage billed was not active on the date of service."),
        // The patient's earlier denials (adjudicated before this claim's submission).
        new("earlier_denials", (c, _) => c.EarlierDenials,
            (c, _) => c.EarlierDenials > 0 ? Inv($"{c.EarlierDenials} of this patient's {c.EarlierClaims} earlier claims were denied.") : null),
        new("earlier_claims", (c, _) => c.EarlierClaims, null),
        // Documentation completeness.
        new("note_count", (c, _) => c.NoteCount, (c, _) => c.NoteCount == 0 ? "No clinical note is linked to the claim." : null),
        // Generic history signals every mechanism leaves: per payer, the denial rate of the claim's most denied
        // line under each reading (HistoryStats.LineKinds), and the raw values.
        .. HistoryStats.LineKinds.Select(kind => new Feature("hist_" + kind.Replace('-', '_'),
            (c, s) => s.Max(HistoryStats.LineKeys(c, kind)).Rate,
            (c, s) => KindLine(c, s, kind))),
        new("days_since_same_code", (c, _) => c.Learned?.Lines.Select(l => l.DaysSincePrevious).OfType<int>().DefaultIfEmpty(1000).Min() ?? 1000, null),
        new("units_per_day", (c, _) => (double)(c.Learned?.Lines.Select(l => l.UnitsPerDay).DefaultIfEmpty(0).Max() ?? 0), null),
        new("same_day_codes", (c, _) => c.Learned?.Lines.Sum(l => l.SameDayCodes.Count) ?? 0, null),
        new("distinct_modifier", (c, _) => c.Learned?.Lines.Any(l => l.Modifiers.Any(HistoryStats.IsDistinctModifier)) == true ? 1 : 0, null),
        new("dx_unspecified", (c, _) => c.Learned?.Lines.Any(l => HistoryStats.Specificity(l.Diagnoses) is "unspecified" or "category") == true ? 1 : 0, null),
        new("coverage_months", (c, _) => c.Learned?.MonthsSinceCoverageStart ?? -1, null),
        new("earlier_eligibility_denial", (c, _) => c.EarlierEligibilityDenial ? 1 : 0,
            (c, _) => c.EarlierEligibilityDenial ? $"{c.PayerName} already denied an earlier claim on this coverage for eligibility." : null),
        // The learned rule book: per mechanism shape, the smoothed denial rate of the best rule the claim matches (0: none),
        // said as the rule's evidence; and per cause category (the payer's CARC under the rule), for the reason model.
        .. Shapes.Select(shape => new Feature("learned_" + LearnedRuleScrubber.Kebab(shape).Replace('-', '_'),
            (c, s) => s.Rules.Confidence(c, shape),
            (c, s) => s.Rules.Best(c, shape) is { } rule ? RuleLine(rule) : null)),
        .. Categories.Select(category => new Feature("learned_reason_" + category.ToString().ToLowerInvariant(),
            (c, s) => s.Rules.Best(c, category)?.SmoothedRate ?? 0, null)),
        // Every scrubber finding: the number of hold and review findings, and of findings per category.
        new("findings_hold", (c, _) => c.Findings.Count(f => f.Severity == FindingSeverity.Hold), (c, _) => FindingLine(c, f => f.Severity == FindingSeverity.Hold)),
        new("findings_review", (c, _) => c.Findings.Count(f => f.Severity == FindingSeverity.Review), (c, _) => FindingLine(c, f => f.Severity == FindingSeverity.Review)),
        // Timely filing also counts a claim past the limit its payer's denials show when no policy states one: one feature
        // for both, so what the model learns from the scrubber's findings at payers with a policy serves the others.
        .. FindingCategories.Select(category => new Feature(
            "findings_" + category.ToString().ToLowerInvariant(),
            (c, s) => c.Findings.Count(f => f.Category == category)
                + (category == FindingCategory.TimelyFiling && c.FilingLimitDays is null && c.LagDays > (s.LearnedFilingLimit(c.PayerId) ?? int.MaxValue) ? 1 : 0),
            (c, _) => FindingLine(c, f => f.Category == category))),
    ];

    public static int Count => All.Length;

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    public static float[] Vector(ScoringClaim claim, HistoryStats stats)
    {
        var vector = new float[All.Length];
        for (var i = 0; i < All.Length; i++)
        {
            vector[i] = (float)All[i].Value(claim, stats);
        }

        return vector;
    }

    /// <summary>The explanation line of a feature for a claim, or null when it has nothing to say.</summary>
    public static string? Explain(int feature, ScoringClaim claim, HistoryStats stats) =>
        feature >= 0 && feature < All.Length ? All[feature].Explain?.Invoke(claim, stats) : null;

    private static string? RateLine(HistoryStats stats, IEnumerable<string> keys, Func<string, int, int, string> line)
    {
        var (key, rate) = stats.Max(keys);
        var (n, d) = stats.Count(key);
        if (n == 0 || rate < stats.OverallRate * RaisedRate)
        {
            return null;
        }

        // Keys are "kind|payer|code…" or "code-dx|code|dx": the code is the part after the payer (or the first).
        var parts = key.Split('|');
        var code = parts[0] == "code-dx" ? parts[1] : parts[2];
        return line(code, n, d);
    }

    private static string? KindLine(ScoringClaim claim, HistoryStats stats, string kind)
    {
        var (key, rate) = stats.Max(HistoryStats.LineKeys(claim, kind));
        var (n, d) = stats.Count(key);
        if (n == 0 || rate < stats.OverallRate * RaisedRate * 1.6 || d < 2)
        {
            return null;
        }

        // "kind|payer|value" or "kind|payer|code|value…": the code when there is one, and the rest.
        var parts = key.Split('|');
        var hasCode = kind.StartsWith("pc-", StringComparison.Ordinal);
        var code = hasCode ? parts[2] : "";
        var value = string.Join('|', parts.Skip(hasCode ? 3 : 2));
        return KindLines[kind](claim, code, n, d, value);
    }

    /// <summary>A learned rule's evidence, as the rule book words it.</summary>
    private static string RuleLine(LearnedRule rule) => $"Learned rule: {rule.Evidence}";

    private static string SinceWords(string step) => step switch
    {
        "none" => "with no earlier one for the patient",
        "0" => "within a week of the patient's previous one",
        "7" => "7–13 days after the patient's previous one",
        "14" => "14–29 days after the patient's previous one",
        "30" => "30–59 days after the patient's previous one",
        "60" => "60–89 days after the patient's previous one",
        "90" => "90–179 days after the patient's previous one",
        "180" => "180–364 days after the patient's previous one",
        _ => "a year or more after the patient's previous one",
    };

    private static string PairWords(string value)
    {
        var parts = value.Split('|');
        var modifier = parts.Length > 1 && parts[1] == "1" ? "with" : "without";
        return parts[0] == "-" ? $"alone that day, {modifier} a distinct-service modifier" : $"the same day as {parts[0]}, {modifier} a distinct-service modifier";
    }

    private static string? CountLine(HistoryStats stats, string key, Func<int, int, string> line)
    {
        var (n, d) = stats.Count(key);
        return n == 0 || stats.Rate(key) < stats.OverallRate * RaisedRate ? null : line(n, d);
    }

    private static string? FindingLine(ScoringClaim claim, Func<ScrubFinding, bool> which) =>
        claim.Findings.FirstOrDefault(which) is { } finding ? $"An open check: {RuleNames.Of(finding.RuleId)}" : null;

    private static string Pct(int denied, int claims) => (denied / (double)claims).ToString("P0", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Feature(string Name, Func<ScoringClaim, HistoryStats, double> Value, Func<ScoringClaim, HistoryStats, string?>? Explain);
}
