using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Learning;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Learned;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scoring;

/// <summary>Builds <see cref="ScoringClaim"/>s from claim contexts: one patient record at a time, or one claim.</summary>
internal static class ScoringClaimFactory
{
    /// <summary>Every claim of one patient's record, each scrubbed as of its own submission day.</summary>
    public static IEnumerable<ScoringClaim> FromRecord(PatientRecord record, RuleBook rules, HashSet<string>? only = null)
    {
        var contexts = new ClaimContextBuilder().Build(record).Where(c => c.Claim is not null).ToList();
        var labels = Labels(contexts);
        var memo = new RecordMemo(record);
        foreach (var context in contexts)
        {
            if (only is not null && (context.Claim!.Id is not { } id || !only.Contains(id)))
            {
                continue;
            }

            yield return From(context, Scrub(context, rules), rules, labels, memo);
        }
    }

    /// <summary>One claim, with findings the caller already has (the web app's claim page) or scrubbed here when null.</summary>
    public static ScoringClaim FromContext(ClaimContext context, ScrubResult? scrub, RuleBook rules) =>
        From(context, scrub ?? Scrub(context, rules), rules, EarlierLabels(context));

    /// <summary>
    /// Labels of the claim's earlier and same-day claims only, from the record's EOBs and ClaimResponses matched by their
    /// claim reference: one claim's score stays proportional to the patient's record, not to its square.
    /// </summary>
    private static Dictionary<string, DenialLabel> EarlierLabels(ClaimContext context)
    {
        var record = context.Record;
        var wanted = context.EarlierClaims.Concat(context.SameDayClaims).Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var labels = new Dictionary<string, DenialLabel>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return labels;
        }

        var eobs = record.OfType<ExplanationOfBenefit>()
            .Select(e => (Id: record.Resolve<Claim>(e.Claim, e)?.Id, Eob: e))
            .Where(x => x.Id is not null && wanted.Contains(x.Id))
            .ToLookup(x => x.Id!, x => x.Eob, StringComparer.Ordinal);
        var responses = record.OfType<ClaimResponse>()
            .Select(r => (Id: record.Resolve<Claim>(r.Request, r)?.Id, Response: r))
            .Where(x => x.Id is not null && wanted.Contains(x.Id))
            .ToLookup(x => x.Id!, x => x.Response, StringComparer.Ordinal);
        foreach (var id in wanted)
        {
            if (DenialLabeler.Label(eobs[id], responses[id]) is { } label)
            {
                labels[id] = label;
            }
        }

        return labels;
    }

    private static Dictionary<string, DenialLabel> Labels(List<ClaimContext> contexts)
    {
        var labels = new Dictionary<string, DenialLabel>(StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            if (context.Claim?.Id is { } id && DenialLabeler.Label(context) is { } label)
            {
                labels[id] = label;
            }
        }

        return labels;
    }

    /// <summary>The scrubber as it would have run on the day the claim was submitted, so that history and future claims see the same clock.</summary>
    private static ScrubResult Scrub(ClaimContext context, RuleBook rules)
    {
        var created = Created(context.Claim!) ?? context.ServiceDate ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
        return new ClaimScrubber(rules, ScrubRules.All, new DayClock(created)).Scrub(context);
    }

    private static DateOnly? Created(Claim claim) => FhirValues.ToDate(claim.Created);

    private static readonly Lazy<DenialDetector> Detector = new(() => new DenialDetector(DenialCauseTable.Load()));

    private static ScoringClaim From(ClaimContext context, ScrubResult scrub, RuleBook rules, Dictionary<string, DenialLabel> labels, RecordMemo? memo = null)
    {
        var claim = context.Claim!;
        var facts = ClaimFacts.From(context);
        var submitted = Created(claim) ?? facts.ServiceDate ?? DateOnly.MinValue;
        var dos = facts.ServiceDate;
        var payerKey = rules.Directory.KeyOf(facts.Payer);
        var payerPolicy = rules.PayerFor(payerKey);
        var policy = dos is { } d ? payerPolicy?.For(d) ?? payerPolicy?.Versions.OrderBy(v => v.Effective).FirstOrDefault() : null;
        var codes = facts.Lines.Select(l => l.Code).ToList();
        var rendering = ClaimParties.Rendering(context);
        var coverage = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        var earlier = context.EarlierClaims.Concat(context.SameDayClaims)
            .Where(c => c.Id is not null && c.Id != claim.Id && labels.TryGetValue(c.Id, out var l) && l.AdjudicatedOn is { } on && on < submitted)
            .Select(c => labels[c.Id!])
            .ToList();
        var (texts, _) = NoteTextReader.Read(context.Notes);
        var modifiers = facts.Lines.SelectMany(l => l.Modifiers).ToList();
        var learned = ClaimFeatureReader.Read(context, memo, rules.Directory);
        var own = claim.Id is not null && labels.TryGetValue(claim.Id, out var ownLabel) ? ownLabel : null;
        return new ScoringClaim
        {
            ClaimId = claim.Id ?? context.Key,
            PayerId = payerKey ?? "(unknown payer)",
            PayerName = facts.Payer?.Name ?? payerKey ?? "The payer",
            ProviderId = rendering?.Id ?? "(unknown provider)",
            ProviderName = rendering?.Name.FirstOrDefault() is { } name ? $"{string.Join(' ', name.Given)} {name.Family}".Trim() : rendering?.Id ?? "The provider",
            Submitted = submitted,
            ServiceDate = dos,
            Codes = codes,
            DiagnosisCategory = facts.Diagnoses.Count > 0 && facts.Diagnoses[0].Length >= 3 ? facts.Diagnoses[0][..3] : "",
            ModifierCount = modifiers.Count,
            HasModifier25 = modifiers.Contains("25"),
            HasModifier59 = modifiers.Exists(m => m is "59" or "XS" or "XE" or "XP" or "XU"),
            TotalUnits = facts.Lines.Sum(l => l.Units),
            MaxUnits = facts.Lines.Count == 0 ? 0 : facts.Lines.Max(l => l.Units),
            Billed = facts.Lines.Sum(l => l.Charge ?? 0),
            PlaceOfService = facts.PlaceOfService ?? facts.Lines.Select(l => l.PlaceOfService).FirstOrDefault(p => p is not null) ?? "",
            HasReferringProvider = facts.HasReferringProvider,
            AuthListedCodes = policy is null ? [] : codes.Where(c => policy.AuthRequired.Any(a => a.Code == c)).Distinct().ToList(),
            AuthNumberOnClaim = facts.PreAuthRefs.Count > 0,
            AuthOnFile = context.PriorAuthorizations.Count > 0,
            LagDays = dos is { } serviced ? Math.Max(0, submitted.DayNumber - serviced.DayNumber) : 0,
            FilingLimitDays = policy?.FilingLimitDays,
            HasCoverage = coverage is not null,
            CoverageActiveOnServiceDate = coverage is not null && dos is { } day && Covers(coverage.Period, day),
            EarlierClaims = earlier.Count,
            EarlierDenials = earlier.Count(l => l.Denied),
            NoteCount = texts.Count,
            Findings = scrub.Findings,
            Label = own,
            Learned = learned,
            EarlierEligibilityDenial = learned?.CoverageKey is { } coverageKey && ClaimFeatureReader.EarlierDenialsOnCoverage(context, coverageKey, submitted)
                .Any(reasons => reasons.Any(r => ScoringCauses.Of(r) == DenialCategory.Eligibility)),
            Mined = own is not null && learned is not null ? HistoryReader.Decide(context, learned, Detector.Value, out _) : null,
        };
    }

    private static bool Covers(Period? period, DateOnly day)
    {
        if (period is null)
        {
            return true;
        }

        var start = FhirValues.ToDate(period.Start) ?? DateOnly.MinValue;
        var end = FhirValues.ToDate(period.End) ?? DateOnly.MaxValue;
        return start <= day && day <= end;
    }

    private sealed class DayClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
