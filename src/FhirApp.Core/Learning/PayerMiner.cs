using System.Globalization;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;

namespace FhirApp.Core.Learning;

/// <summary>
/// Mines one payer's claims. Every shape proposes candidates (a code, a code pair, a threshold…) with the claims or
/// lines they match; candidates are considered best first (lower bound of the denial rate, with a bonus when the
/// payer's reasons belong to the shape's usual cause category, e.g. authorization for auth-required), and each is kept
/// when, after setting aside the denials already explained by rules kept before it, it still meets the
/// <see cref="MiningThresholds"/>: support, denials, lower bound, lift over the payer's base rate and, where the
/// condition has a contrast (the code with an auth, with the modifier…), a gap to the contrast's rate. So one cause is
/// not learned twice under two shapes ("this code is not covered" and "this code needs an auth"). A rule whose rate changes
/// sharply mid-history (a likelihood-ratio change point) is effective-dated and measured within its dates.
/// </summary>
internal sealed class PayerMiner
{
    // The cause categories each shape's denials usually carry (see <see cref="LearnedShape"/>). A denial of another
    // category still counts, at half weight; one the table does not place (Other) counts fully.
    private static readonly Dictionary<LearnedShape, DenialCategory[]> Usual = new()
    {
        [LearnedShape.FilingLimit] = [DenialCategory.TimelyFiling],
        [LearnedShape.AuthRequired] = [DenialCategory.Authorization],
        [LearnedShape.ReferringRequired] = [DenialCategory.MissingInformation],
        [LearnedShape.NonCovered] = [DenialCategory.Eligibility, DenialCategory.MedicalNecessity],
        [LearnedShape.CoveredDiagnoses] = [DenialCategory.MedicalNecessity, DenialCategory.Coding],
        [LearnedShape.UnspecifiedDiagnosis] = [DenialCategory.Coding, DenialCategory.MissingInformation, DenialCategory.MedicalNecessity],
        [LearnedShape.ModifierRequired] = [DenialCategory.Coding, DenialCategory.Bundling],
        [LearnedShape.BundledPair] = [DenialCategory.Bundling],
        [LearnedShape.UnitsPerDay] = [DenialCategory.Coding, DenialCategory.Authorization],
        [LearnedShape.Frequency] = [DenialCategory.Authorization, DenialCategory.Coding],
        [LearnedShape.PlaceOfService] = [DenialCategory.Coding],
        [LearnedShape.MemberIdFormat] = [DenialCategory.Eligibility, DenialCategory.MissingInformation],
        [LearnedShape.CoverageLapse] = [DenialCategory.Eligibility],
    };

    private static readonly string[] Laterality = ["RT", "LT", "50"];
    private static readonly string[] Anesthesia = ["AA", "AD", "QK", "QX", "QY", "QZ"];
    private static readonly string[] Distinct = ["59", "XE", "XS", "XP", "XU"];

    private readonly string _payerKey;
    private readonly string _payerName;
    private readonly List<MinedClaim> _claims;
    private readonly MiningThresholds _thresholds;
    private readonly double _claimBase;
    private readonly double _lineBase;
    private readonly SortedDictionary<string, List<Observation>> _linesByCode = new(StringComparer.Ordinal);

    // Every line in (claim, line) order, which is date order: the claims are sorted by date of service.
    private readonly List<Observation> _allLines = [];

    public PayerMiner(string payerKey, IEnumerable<MinedClaim> claims, MiningThresholds thresholds)
    {
        _payerKey = payerKey;
        _claims = [.. claims.OrderBy(c => c.Features.ServiceDate).ThenBy(c => c.Features.ClaimId, StringComparer.Ordinal)];
        _payerName = _claims.GroupBy(c => c.Features.PayerName, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        _thresholds = thresholds;
        var lines = 0;
        var deniedLines = 0;
        for (var c = 0; c < _claims.Count; c++)
        {
            var claim = _claims[c];
            for (var l = 0; l < claim.Features.Lines.Count; l++)
            {
                var code = claim.Features.Lines[l].Code;
                if (!_linesByCode.TryGetValue(code, out var list))
                {
                    list = [];
                    _linesByCode[code] = list;
                }

                var observation = LineObservation(c, l);
                list.Add(observation);
                _allLines.Add(observation);
                lines++;
                deniedLines += claim.Lines[l].Denied ? 1 : 0;
            }
        }

        _claimBase = _claims.Count == 0 ? 0 : _claims.Count(c => c.Claim.Denied) / (double)_claims.Count;
        _lineBase = lines == 0 ? 0 : deniedLines / (double)lines;
    }

    public LearnedPayer Summary() => new()
    {
        PayerId = _payerKey,
        PayerName = _payerName,
        Claims = _claims.Count,
        Denied = _claims.Count(c => c.Claim.Denied),
        BaseRate = Math.Round(_claimBase, 4),
        FirstService = _claims[0].Features.ServiceDate,
        LastService = _claims[^1].Features.ServiceDate,
        LongestPaidLagDays = _claims.Where(c => !c.Claim.Denied).Select(c => c.Features.LagDays).DefaultIfEmpty(0).Max(),
        ShippedRules = ShippedRules(),
        EnoughHistory = _claims.Count >= _thresholds.MinPayerClaims,
    };

    /// <summary>How the payer treated the claims each shipped rule held (rules that held enough of them to judge).</summary>
    private List<ShippedRuleEvidence> ShippedRules() =>
        [.. _claims.SelectMany(c => c.ShippedHolds.Select(rule => (Rule: rule, c.Claim.Denied)))
            .GroupBy(h => h.Rule, StringComparer.Ordinal)
            .Where(g => g.Count() >= _thresholds.MinShippedHeld)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var held = g.Count();
                var denied = g.Count(h => h.Denied);
                var upper = RuleStatistics.WilsonUpper(denied, held);
                return new ShippedRuleEvidence
                {
                    RuleId = g.Key,
                    Held = held,
                    Denied = denied,
                    DenialRate = Math.Round(denied / (double)held, 4),
                    UpperBound = Math.Round(upper, 4),
                    Enforced = upper >= _thresholds.MaxUnenforcedRate,
                };
            })];

    public List<LearnedRule> Mine()
    {
        var candidates = Candidates().ToList();
        foreach (var candidate in candidates)
        {
            var weighted = candidate.Matched.Sum(o => Weight(candidate.Shape, o));
            var usualShare = candidate.Matched.Count(o => o.Denied && IsUsual(candidate.Shape, o.Category)) / (double)Math.Max(1, candidate.Matched.Count(o => o.Denied));
            candidate.Score = RuleStatistics.WilsonLower(weighted, candidate.Matched.Count) + (0.2 * usualShare) + (candidate.Contrast.Count >= 3 ? 0.05 : 0);
        }

        var explained = new HashSet<(int Claim, int Line)>();
        var rules = new List<LearnedRule>();
        // Payer-wide shapes first (one pattern across codes is the simpler explanation of denials a code-level rule would
        // also fit, e.g. unspecified diagnoses against one code's diagnosis list), then best first; ties are broken by
        // shape, key and support, so the order (and the book) does not depend on how candidates were listed.
        foreach (var candidate in candidates.OrderBy(c => PayerWide(c.Shape) ? 0 : 1).ThenByDescending(c => c.Score).ThenBy(c => c.Shape)
            .ThenBy(c => c.Key, StringComparer.Ordinal).ThenByDescending(c => c.Matched.Count))
        {
            // One rule per shape and key (a code's units cap is learned once, whichever half of the history found it).
            if (!rules.Exists(r => r.Shape == candidate.Shape && r.Id.EndsWith("|" + candidate.Key, StringComparison.Ordinal)) && TryAccept(candidate, explained) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return [.. rules.OrderBy(r => r.Shape).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    private LearnedRule? TryAccept(Candidate candidate, HashSet<(int Claim, int Line)> explained)
    {
        var t = _thresholds;
        var baseRate = candidate.ClaimLevel ? _claimBase : _lineBase;
        var residual = candidate.Matched.Where(o => !(o.Denied && IsExplained(o, explained))).ToList();
        var (from, to) = Window(residual);
        var window = residual.Where(o => InWindow(o.Date, from, to)).ToList();
        var n = window.Count;
        var deniedCount = window.Count(o => o.Denied);
        var weighted = window.Sum(o => Weight(candidate.Shape, o));
        var rate = n == 0 ? 0 : weighted / n;
        var lower = RuleStatistics.WilsonLower(weighted, n);
        if (n < t.MinSupport || deniedCount < t.MinDenied || lower < t.MinLowerBound || rate < t.MinLift * baseRate || !SaysItsCause(candidate.Shape, window))
        {
            return null;
        }

        var contrast = candidate.Contrast.Where(o => InWindow(o.Date, from, to) && !(o.Denied && IsExplained(o, explained))).ToList();
        if (contrast.Count >= 3 && rate - (contrast.Count(o => o.Denied) / (double)contrast.Count) < t.MinContrastGap)
        {
            return null;
        }

        foreach (var o in window.Where(o => o.Denied && Weight(candidate.Shape, o) >= 1))
        {
            explained.Add((o.Claim, o.Line));
        }

        return Rule(candidate, from, to, lower);
    }

    /// <summary>The dates the rule held: all of them, or from / to a change point where its rate jumps.</summary>
    private (DateOnly? From, DateOnly? To) Window(List<Observation> observations)
    {
        var (split, statistic, before, after) = RuleStatistics.ChangePoint([.. observations.Select(o => o.Denied)], _thresholds.MinSegment);
        if (split < 0 || statistic < _thresholds.MinChangeStatistic || Math.Abs(after - before) < 0.5 || observations[split].Date == observations[split - 1].Date)
        {
            return (null, null);
        }

        return after > before ? (observations[split].Date, null) : (null, observations[split - 1].Date);
    }

    private static bool InWindow(DateOnly date, DateOnly? from, DateOnly? to) => (from is not { } f || date >= f) && (to is not { } e || date <= e);

    private LearnedRule Rule(Candidate candidate, DateOnly? from, DateOnly? to, double residualLower)
    {
        var t = _thresholds;
        var baseRate = candidate.ClaimLevel ? _claimBase : _lineBase;
        var matched = candidate.Matched.Where(o => InWindow(o.Date, from, to)).ToList();
        var n = matched.Count;
        var denied = matched.Where(o => o.Denied).ToList();
        var rate = denied.Count / (double)n;
        var lower = RuleStatistics.WilsonLower(denied.Count, n);
        var contrast = candidate.Contrast.Where(o => InWindow(o.Date, from, to)).ToList();
        var carcs = Ranked(denied.Select(o => o.Outcome.Reason));
        var rarcs = Ranked(denied.Where(o => carcs.Count > 0 && o.Outcome.Reason == carcs[0]).Select(o => o.Outcome.Rarc));
        var first = matched[0].Date;
        var last = matched[^1].Date;
        var c = CultureInfo.InvariantCulture;
        var evidence = string.Create(c, $"{_payerName} denied {denied.Count} of {n} {candidate.What}")
            + (carcs.Count > 0 ? $" ({carcs[0]}{(rarcs.Count > 0 ? " " + rarcs[0] : "")})" : "")
            + string.Create(c, $", {first:yyyy-MM-dd} to {last:yyyy-MM-dd}")
            + (contrast.Count > 0 && candidate.ContrastWhat is { } contrastWhat ? string.Create(c, $"; {contrast.Count(o => o.Denied)} of {contrast.Count} {contrastWhat}") : "")
            + (from is { } f ? string.Create(c, $"; in force from {f:yyyy-MM-dd}, paid before") : "")
            + (to is { } e ? string.Create(c, $"; not applied since {e:yyyy-MM-dd}") : "")
            + ".";
        return new LearnedRule
        {
            Id = $"{LearnedRuleScrubber.Kebab(candidate.Shape)}|{_payerKey}|{candidate.Key}",
            PayerId = _payerKey,
            PayerName = _payerName,
            Shape = candidate.Shape,
            Parameters = candidate.Parameters,
            Unit = candidate.ClaimLevel ? "claims" : "lines",
            Support = n,
            Adjudications = matched.Select(o => o.Claim).Distinct().Count(),
            Denied = denied.Count,
            DenialRate = Math.Round(rate, 4),
            SmoothedRate = Math.Round((denied.Count + (t.SmoothingClaims * baseRate)) / (n + t.SmoothingClaims), 4),
            BaseRate = Math.Round(baseRate, 4),
            Lift = Math.Round(rate / Math.Max(baseRate, 0.001), 2),
            LowerBound = Math.Round(lower, 4),
            ContrastRate = contrast.Count > 0 ? Math.Round(contrast.Count(o => o.Denied) / (double)contrast.Count, 4) : null,
            ContrastSupport = contrast.Count > 0 ? contrast.Count : null,
            Carcs = carcs,
            Rarcs = rarcs,
            FirstSeen = first,
            LastSeen = last,
            LastDenied = denied.Count > 0 ? denied[^1].Date : null,
            EffectiveFrom = from,
            EffectiveTo = to,
            // Eligibility rising with the coverage's age is a prompt to re-verify, never a certainty: always a review.
            Severity = Math.Min(lower, residualLower) >= t.HoldLowerBound && candidate.Key != "months" ? FindingSeverity.Hold : FindingSeverity.Review,
            Evidence = evidence,
        };
    }

    private static List<string> Ranked(IEnumerable<string?> values) =>
        [.. values.OfType<string>().GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key)];

    private bool IsExplained(Observation o, HashSet<(int Claim, int Line)> explained)
    {
        if (explained.Contains((o.Claim, -1)) || (o.Line >= 0 && explained.Contains((o.Claim, o.Line))))
        {
            return true;
        }

        if (o.Line >= 0)
        {
            return false;
        }

        // A claim's denial is explained when every denied line of it is.
        var lines = _claims[o.Claim].Lines;
        var any = false;
        for (var l = 0; l < lines.Count; l++)
        {
            if (lines[l].Denied)
            {
                any = true;
                if (!explained.Contains((o.Claim, l)))
                {
                    return false;
                }
            }
        }

        return any;
    }

    /// <summary>
    /// A late claim is refused with the filing-limit reason (CARC 29) by every payer, so a filing limit is learned only
    /// where most of the denials it would explain, among those whose reason is known, carry that reason: late claims
    /// denied for something else (a payer that is simply slow to pay old claims, or a coincidence of dates) are not a
    /// filing limit. Other shapes' reasons vary by payer and keep the half weight of <see cref="Weight"/>.
    /// </summary>
    private static bool SaysItsCause(LearnedShape shape, List<Observation> window)
    {
        if (shape != LearnedShape.FilingLimit)
        {
            return true;
        }

        var known = window.Where(o => o.Denied && o.Category is not (null or DenialCategory.Other)).ToList();
        return known.Count == 0 || known.Count(o => IsUsual(shape, o.Category)) * 2 >= known.Count;
    }

    private static bool PayerWide(LearnedShape shape) =>
        shape is LearnedShape.FilingLimit or LearnedShape.MemberIdFormat or LearnedShape.UnspecifiedDiagnosis or LearnedShape.CoverageLapse;

    private static bool IsUsual(LearnedShape shape, DenialCategory? category) => category is { } c && Usual[shape].Contains(c);

    /// <summary>1 for a denial of the shape's usual category (or one the table cannot place), 0.5 for another denial, 0 for a payment.</summary>
    private static double Weight(LearnedShape shape, Observation o) =>
        !o.Denied ? 0 : o.Category is null or DenialCategory.Other || IsUsual(shape, o.Category) ? 1 : 0.5;

    private Observation LineObservation(int c, int l) => new(c, l, _claims[c].Features.ServiceDate, _claims[c].Lines[l]);

    private Observation ClaimObservation(int c) => new(c, -1, _claims[c].Features.ServiceDate, _claims[c].Claim);

    private IEnumerable<Observation> ClaimObservations() => Enumerable.Range(0, _claims.Count).Select(ClaimObservation);

    private LineFeatures LineOf(Observation o) => _claims[o.Claim].Features.Lines[o.Line];

    private ClaimFeatures ClaimOf(Observation o) => _claims[o.Claim].Features;

    /// <summary>
    /// The candidates with the support and denials a rule needs, in listing order: the payer-wide shapes, then each
    /// code's. (Payers are mined in parallel; codes are not, as a parallel query nested in that one mostly adds threads waiting on each other on two cores.)
    /// </summary>
    private IEnumerable<Candidate> Candidates() =>
        FilingLimit().Concat(MemberIdFormat()).Concat(CoverageLapse()).Concat(UnspecifiedDiagnosis())
            .Concat(_linesByCode.SelectMany(code => CodeCandidates(code.Key, code.Value)))
            .Where(Supported);

    /// <summary>Whether a candidate matches enough claims or lines, and enough denials among them, to be considered.</summary>
    private bool Supported(Candidate candidate) => Supported(candidate.Matched);

    private bool Supported(List<Observation> matched)
    {
        if (matched.Count < _thresholds.MinSupport)
        {
            return false;
        }

        var denied = 0;
        foreach (var o in matched)
        {
            if (o.Denied && ++denied >= _thresholds.MinDenied)
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<Candidate> CodeCandidates(string code, List<Observation> lines)
    {
        yield return new Candidate
        {
            Shape = LearnedShape.NonCovered, Key = code, ClaimLevel = false, Matched = lines,
            Parameters = new LearnedRuleParameters { Code = code }, What = $"lines of {code}",
        };

        var (noAuth, auth) = Split(lines, o => !LineOf(o).AuthValid);
        var validity = auth.Select(o => LineOf(o).AuthValidityDays).OfType<int>().GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault();
        yield return new Candidate
        {
            Shape = LearnedShape.AuthRequired, Key = code, ClaimLevel = false, Matched = noAuth, Contrast = auth,
            Parameters = new LearnedRuleParameters { Code = code, Days = validity },
            What = $"lines of {code} without a valid prior authorization", ContrastWhat = "with one",
        };

        var (noReferring, referring) = Split(lines, o => !ClaimOf(o).HasReferring);
        yield return new Candidate
        {
            Shape = LearnedShape.ReferringRequired, Key = code, ClaimLevel = false, Matched = noReferring, Contrast = referring,
            Parameters = new LearnedRuleParameters { Code = code },
            What = $"lines of {code} without a referring or ordering provider", ContrastWhat = "with one",
        };

        foreach (var dx in Whitelists(lines, o => LineOf(o).Diagnoses))
        {
            var (off, on) = Split(lines, o => !LineOf(o).Diagnoses.Any(dx.Accepted.Contains));
            yield return new Candidate
            {
                Shape = LearnedShape.CoveredDiagnoses, Key = code, ClaimLevel = false, Matched = off, Contrast = on,
                Parameters = new LearnedRuleParameters { Code = code, Diagnoses = dx.Accepted, DeniedDiagnoses = dx.Refused },
                What = $"lines of {code} with a diagnosis it paid for no other line", ContrastWhat = "with the diagnoses it paid",
            };
        }

        foreach (var places in Whitelists(lines, o => LineOf(o).PlaceOfService is { } pos ? [pos] : []))
        {
            var (off, on) = Split(lines, o => LineOf(o).PlaceOfService is { } pos && !places.Accepted.Contains(pos));
            yield return new Candidate
            {
                Shape = LearnedShape.PlaceOfService, Key = code, ClaimLevel = false, Matched = off, Contrast = on,
                Parameters = new LearnedRuleParameters { Code = code, PlacesOfService = places.Accepted },
                What = $"lines of {code} billed outside place of service {string.Join(", ", places.Accepted)}", ContrastWhat = "inside",
            };
        }

        foreach (var candidate in ModifierRequired(code, lines).Concat(UnitsPerDay(code, lines)).Concat(Frequency(code, lines)).Concat(BundledPairs(code, lines)))
        {
            yield return candidate;
        }
    }

    private IEnumerable<Candidate> ModifierRequired(string code, List<Observation> lines)
    {
        var families = new List<(string[] Modifiers, string? Condition)>();
        var em = Scrubbing.Tables.CodePatterns.IsEm(code);
        if (em)
        {
            families.Add((["25"], "with-procedure"));
        }

        families.Add((Laterality, null));
        families.Add((Anesthesia, null));
        // Any other modifier the practice puts on a good share of the code's lines may be one the payer requires.
        var common = lines.SelectMany(o => LineOf(o).Modifiers).Where(m => !Laterality.Contains(m) && !Anesthesia.Contains(m) && !Distinct.Contains(m) && m != "25" && !(m.Length == 2 && m[0] == 'P' && char.IsAsciiDigit(m[1])))
            .GroupBy(m => m, StringComparer.Ordinal).Where(g => g.Count() >= 0.25 * lines.Count).Select(g => g.Key).Order(StringComparer.Ordinal);
        families.AddRange(common.Select(m => (new[] { m }, (string?)null)));
        foreach (var (modifiers, condition) in families)
        {
            var eligible = condition is null ? lines : lines.Where(o => LineOf(o).OtherProcedureOnClaim).ToList();
            var (without, with) = Split(eligible, o => !LineOf(o).Modifiers.Any(modifiers.Contains));
            if (with.Count < 2)
            {
                continue; // a requirement is learned only from lines that met it and were paid
            }

            var names = string.Join("/", modifiers);
            yield return new Candidate
            {
                Shape = LearnedShape.ModifierRequired, Key = $"{code}:{names}", ClaimLevel = false, Matched = without, Contrast = with,
                Parameters = new LearnedRuleParameters { Code = code, Modifiers = modifiers, Condition = condition },
                What = $"lines of {code}{(condition is null ? "" : " billed with a procedure")} without modifier {names}", ContrastWhat = "with it",
            };
        }
    }

    private IEnumerable<Candidate> UnitsPerDay(string code, List<Observation> lines)
    {
        if (lines.All(o => LineOf(o).UnitsPerDay <= 1))
        {
            yield break;
        }

        foreach (var cut in BestCuts(LearnedShape.UnitsPerDay, lines, o => (double)LineOf(o).UnitsPerDay, 2.0))
        {
            var max = (decimal)cut.Cut;
            var (over, within) = Split(lines, o => LineOf(o).UnitsPerDay > max);
            yield return new Candidate
            {
                Shape = LearnedShape.UnitsPerDay, Key = code, ClaimLevel = false, Matched = over, Contrast = within,
                Parameters = new LearnedRuleParameters { Code = code, MaxUnits = max, UnitsDenied = (decimal)cut.FirstDenied },
                What = string.Create(CultureInfo.InvariantCulture, $"lines of {code} with more than {max:0.##} unit(s) a day"), ContrastWhat = "within",
            };
        }
    }

    private IEnumerable<Candidate> Frequency(string code, List<Observation> lines)
    {
        var repeated = lines.Where(o => LineOf(o).DaysSincePrevious is not null).ToList();
        // "Within N days" is "denied when the gap is below N": the cut is searched on the negated gap.
        foreach (var cut in BestCuts(LearnedShape.Frequency, repeated, o => -(double)LineOf(o).DaysSincePrevious!.Value, 1.5))
        {
            // The window is pinned between the longest gap denied and the shortest gap paid beyond it; the miner keeps
            // the firm end ("within N days" with N one past the longest gap denied), so no paid gap is flagged.
            var window = (int)-cut.FirstDenied + 1;
            var (within, after) = Split(lines, o => LineOf(o).DaysSincePrevious is { } days && days < window);
            yield return new Candidate
            {
                Shape = LearnedShape.Frequency, Key = code, ClaimLevel = false, Matched = within, Contrast = after,
                Parameters = new LearnedRuleParameters { Code = code, Days = window },
                What = $"lines of {code} billed within {window} days of the patient's previous one", ContrastWhat = "later or first",
            };
        }
    }

    private IEnumerable<Candidate> BundledPairs(string code, List<Observation> lines)
    {
        // The code's lines by each code billed the same day (in line order), in one pass instead of one per code.
        var byOther = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        foreach (var o in lines)
        {
            foreach (var other in LineOf(o).SameDayCodes.Distinct(StringComparer.Ordinal))
            {
                if (!byOther.TryGetValue(other, out var list))
                {
                    list = [];
                    byOther[other] = list;
                }

                list.Add(o);
            }
        }

        foreach (var other in byOther.Keys.Order(StringComparer.Ordinal))
        {
            var withOther = byOther[other];
            var (plain, modified) = Split(withOther, o => !LineOf(o).Modifiers.Any(Distinct.Contains));
            if (plain.Count < _thresholds.MinSupport)
            {
                continue;
            }

            // What waives the bundle: the distinct-service modifiers, unless the payer denied the pair with them too.
            var waivable = modified.Count < 2 || modified.Count(o => o.Denied) / (double)modified.Count < 0.5;
            var matched = waivable ? plain : withOther;
            if (!Supported(matched))
            {
                continue; // never considered (see Candidates): its contrast, a pass over all the code's lines, is not built
            }

            yield return new Candidate
            {
                Shape = LearnedShape.BundledPair, Key = $"{other}>{code}", ClaimLevel = false, Matched = matched,
                Contrast = [.. lines.Where(o => !LineOf(o).SameDayCodes.Contains(other))],
                Parameters = new LearnedRuleParameters { Code = code, OtherCode = other, Modifiers = waivable ? Distinct : [] },
                What = $"lines of {code} billed the same day as {other}{(waivable ? " without a distinct-service modifier" : "")}", ContrastWhat = $"without {other}",
            };
        }
    }

    private IEnumerable<Candidate> FilingLimit()
    {
        var claims = ClaimObservations().ToList();
        foreach (var cut in BestCuts(LearnedShape.FilingLimit, claims, o => ClaimOf(o).LagDays, 2.0))
        {
            var days = (int)cut.Cut;
            var (late, onTime) = Split(claims, o => ClaimOf(o).LagDays > days);
            yield return new Candidate
            {
                Shape = LearnedShape.FilingLimit, Key = "", ClaimLevel = true, Matched = late, Contrast = onTime,
                Parameters = new LearnedRuleParameters { Days = days, DaysDenied = (int)cut.FirstDenied },
                What = $"claims submitted more than {days} days after the date of service", ContrastWhat = "sooner",
            };
        }
    }

    private IEnumerable<Candidate> MemberIdFormat()
    {
        var claims = ClaimObservations().Where(o => ClaimOf(o).MemberIdShape is not null).ToList();
        foreach (var shapes in Whitelists(claims, o => [ClaimOf(o).MemberIdShape!]))
        {
            var (off, on) = Split(claims, o => !shapes.Accepted.Contains(ClaimOf(o).MemberIdShape!));
            yield return new Candidate
            {
                Shape = LearnedShape.MemberIdFormat, Key = "", ClaimLevel = true, Matched = off, Contrast = on,
                Parameters = new LearnedRuleParameters { Shapes = shapes.Accepted, Pattern = Pattern(shapes.Accepted, on) },
                What = "claims whose member id is not in a format it paid", ContrastWhat = "in one",
            };
        }
    }

    /// <summary>The accepted id shapes as a regular expression, with the fixed prefix every paid id of a shape carries.</summary>
    private string Pattern(IReadOnlyList<string> shapes, List<Observation> accepted)
    {
        var alternatives = shapes.Select(shape =>
        {
            var leads = accepted.Where(o => !o.Denied && ClaimOf(o).MemberIdShape == shape).Select(o => ClaimOf(o).MemberIdLead ?? "").ToList();
            var letters = shape.TakeWhile(ch => ch == 'A').Count();
            var prefix = letters > 0 && leads.Count >= 5 && leads.All(l => l.Length >= letters && l[..letters] == leads[0][..Math.Min(letters, leads[0].Length)]) && leads[0].Length >= letters
                ? leads[0][..letters] : "";
            var body = shape[prefix.Length..];
            var regex = new System.Text.StringBuilder(System.Text.RegularExpressions.Regex.Escape(prefix));
            for (var i = 0; i < body.Length;)
            {
                var j = i;
                while (j < body.Length && body[j] == body[i])
                {
                    j++;
                }

                regex.Append(body[i] switch
                {
                    'A' => "[A-Z]",
                    '9' => "[0-9]",
                    _ => System.Text.RegularExpressions.Regex.Escape(body[i].ToString()),
                });
                if (j - i > 1)
                {
                    regex.Append(CultureInfo.InvariantCulture, $"{{{j - i}}}");
                }

                i = j;
            }

            return regex.ToString();
        });
        return "^(?:" + string.Join("|", alternatives) + ")$";
    }

    private IEnumerable<Candidate> CoverageLapse()
    {
        // A coverage whose own end date passed is the shipped eligibility check's case; a lapse is one that looks in force.
        var claims = ClaimObservations().Where(o => !ClaimOf(o).CoverageEnded).ToList();
        var aged = claims.Where(o => ClaimOf(o).MonthsSinceCoverageStart is not null).ToList();
        foreach (var cut in BestCuts(LearnedShape.CoverageLapse, aged, o => ClaimOf(o).MonthsSinceCoverageStart!.Value, 0.6))
        {
            var months = (int)cut.Cut + 1;
            var (old, young) = Split(aged, o => ClaimOf(o).MonthsSinceCoverageStart >= months);
            yield return new Candidate
            {
                Shape = LearnedShape.CoverageLapse, Key = "months", ClaimLevel = true, Matched = old, Contrast = young,
                Parameters = new LearnedRuleParameters { Months = months },
                What = $"claims on coverages at least {months} months old", ContrastWhat = "on younger ones",
            };
        }

        var (after, before) = Split(claims, o => _claims[o.Claim].EarlierEligibilityDenials.Count > 0);
        yield return new Candidate
        {
            Shape = LearnedShape.CoverageLapse, Key = "after-eligibility-denial", ClaimLevel = true, Matched = after, Contrast = before,
            Parameters = new LearnedRuleParameters { AfterEligibilityDenial = true },
            What = "claims on a coverage it had already denied for eligibility", ContrastWhat = "on other coverages",
        };
    }

    private IEnumerable<Candidate> UnspecifiedDiagnosis()
    {
        var lines = _allLines;
        foreach (var (pattern, words) in new[] { ("final-character-9", "an unspecified diagnosis (final character 9)"), ("category-only", "a diagnosis coded to its category only") })
        {
            var (unspecified, specific) = Split(lines, o => LineOf(o).Diagnoses.Any(d => LearnedRuleScrubber.IsUnspecified(d, pattern)));
            yield return new Candidate
            {
                Shape = LearnedShape.UnspecifiedDiagnosis, Key = pattern, ClaimLevel = false, Matched = unspecified, Contrast = specific,
                Parameters = new LearnedRuleParameters { DiagnosisPattern = pattern },
                What = $"lines pointing to {words}", ContrastWhat = "with specific diagnoses",
            };
        }
    }

    /// <summary>
    /// The best cuts of a numeric feature over the whole history, its recent half and its early half (distinct cuts,
    /// in that order): a limit that starts or stops mid-history is found in the half where it held, then dated.
    /// </summary>
    private List<(double Cut, double FirstDenied)> BestCuts(LearnedShape shape, List<Observation> observations, Func<Observation, double> x, double penalty)
    {
        var cuts = new List<(double Cut, double FirstDenied)>();
        foreach (var period in Periods(observations))
        {
            if (RuleStatistics.BestCut([.. period.Select(o => (x(o), o.Denied, Weight(shape, o) >= 1 ? 1.0 : 0.3))], penalty) is { } cut && !cuts.Exists(c => c.Cut == cut.Cut))
            {
                cuts.Add(cut);
            }
        }

        return cuts;
    }

    /// <summary>The observations, then their recent and early halves by date of service (when there are enough to halve).</summary>
    private IEnumerable<List<Observation>> Periods(List<Observation> observations)
    {
        yield return observations;
        if (observations.Count < 4 * _thresholds.MinSupport)
        {
            yield break;
        }

        var middle = MedianDate(observations);
        yield return observations.Where(o => o.Date >= middle).ToList();
        yield return observations.Where(o => o.Date < middle).ToList();
    }

    /// <summary>The date of the middle observation by date: the observations come in date order, checked (sorted if not).</summary>
    private static DateOnly MedianDate(List<Observation> observations)
    {
        for (var i = 1; i < observations.Count; i++)
        {
            if (observations[i].Date < observations[i - 1].Date)
            {
                return observations.OrderBy(o => o.Date).ElementAt(observations.Count / 2).Date;
            }
        }

        return observations[observations.Count / 2].Date;
    }

    /// <summary>
    /// Values the payer paid (at least half of the lines carrying them paid) and values it refused; null unless both
    /// exist, the accepted ones were paid at least <see cref="MiningThresholds.MinDenied"/> times and some value was refused that often.
    /// </summary>
    /// <summary>The whitelists of the whole history, its recent half and its early half (distinct accepted sets, in that order).</summary>
    private List<(List<string> Accepted, List<string> Refused)> Whitelists(List<Observation> observations, Func<Observation, IReadOnlyList<string>> values)
    {
        var lists = new List<(List<string> Accepted, List<string> Refused)>();
        foreach (var period in Periods(observations))
        {
            if (Whitelist(period, values) is { } list && !lists.Exists(l => l.Accepted.SequenceEqual(list.Accepted, StringComparer.Ordinal)))
            {
                lists.Add(list);
            }
        }

        return lists;
    }

    private (List<string> Accepted, List<string> Refused)? Whitelist(List<Observation> observations, Func<Observation, IReadOnlyList<string>> values)
    {
        var counts = new Dictionary<string, (int Paid, int Denied)>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            var list = values(o);
            for (var i = 0; i < list.Count; i++)
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, list[i], out _);
                count = o.Denied ? (count.Paid, count.Denied + 1) : (count.Paid + 1, count.Denied);
            }
        }

        var keys = counts.Keys.Order(StringComparer.Ordinal).ToList();
        var accepted = keys.Where(k => counts[k].Paid >= counts[k].Denied && counts[k].Paid > 0).ToList();
        var refused = keys.Where(k => counts[k].Denied > counts[k].Paid).ToList();
        return accepted.Count > 0 && refused.Count > 0
            && accepted.Sum(a => counts[a].Paid) >= _thresholds.MinDenied && refused.Sum(r => counts[r].Denied) >= _thresholds.MinDenied
            ? (accepted, refused)
            : null;
    }

    private static (List<Observation> Matched, List<Observation> Others) Split(List<Observation> observations, Func<Observation, bool> matches)
    {
        var matched = new List<Observation>();
        var rest = new List<Observation>();
        foreach (var o in observations)
        {
            (matches(o) ? matched : rest).Add(o);
        }

        return (matched, rest);
    }
}
