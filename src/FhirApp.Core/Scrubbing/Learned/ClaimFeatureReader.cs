using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing.Rules;
using FhirApp.Core.Scrubbing.Tables;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// Reads <see cref="ClaimFeatures"/> from a claim context, through <see cref="ClaimFacts"/> (the scrubber's own reading
/// of lines, diagnoses, modifiers and places of service) and <see cref="AuthRecord"/> (the auth checks' reading of the
/// auths on file), so that the miner and the scrubber see a claim alike.
/// </summary>
internal static class ClaimFeatureReader
{
    /// <summary>The features, or null when the claim has no date of service or no payer (counted by the miner).</summary>
    /// <param name="context">The claim's context.</param>
    /// <param name="memo">The record's memo when reading every claim of a record; null for one claim.</param>
    /// <param name="payers">The directory that gives the payer its key (the rule content's); null: the payer's own id.</param>
    public static ClaimFeatures? Read(ClaimContext context, RecordMemo? memo = null, PayerDirectory? payers = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Claim is null)
        {
            return null;
        }

        var facts = ClaimFacts.From(context);
        var payerKey = (payers ?? PayerDirectory.Empty).KeyOf(facts.Payer);
        if (facts.ServiceDate is not { } dos || payerKey is null)
        {
            return null;
        }

        memo ??= new RecordMemo(context.Record);
        Func<Claim, IReadOnlyList<ClaimLineFacts>> linesOf = memo.LinesOf;
        var coverage = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        var memberId = coverage is null ? null : (coverage.SubscriberId ?? coverage.Identifier.FirstOrDefault()?.Value)?.Trim();
        var billed = facts.Lines.Where(l => CodePatterns.IsProcedureCode(l.Code)).ToList();
        var auths = AuthsForClaim(context, facts, memo);
        var sameDayOthers = context.SameDayClaims.Where(c => !ReferenceEquals(c, context.Claim)).SelectMany(c => linesOf(c)).Select(l => l.Code).ToList();
        var lines = new List<LineFeatures>(billed.Count);
        foreach (var line in billed)
        {
            var lineDate = line.ServiceDate ?? dos;
            var (valid, validity) = AuthFor(line.Code, lineDate, facts.PreAuthRefs, auths);
            lines.Add(new LineFeatures
            {
                Sequence = line.Sequence,
                Code = line.Code,
                Modifiers = line.Modifiers,
                UnitsPerDay = billed.Where(l => l.Code == line.Code && (l.ServiceDate ?? dos) == lineDate).Sum(l => l.Units),
                PlaceOfService = line.PlaceOfService?.Trim(),
                Diagnoses = line.DiagnosisCodes.Count > 0 ? line.DiagnosisCodes : facts.Diagnoses.Take(1).ToList(),
                AuthNumberOnClaim = facts.PreAuthRefs.Count > 0,
                AuthValid = valid,
                AuthValidityDays = validity,
                DaysSincePrevious = DaysSincePrevious(context, line.Code, lineDate, linesOf),
                SameDayCodes = [.. billed.Where(l => l.Sequence != line.Sequence && l.Code != line.Code).Select(l => l.Code).Concat(sameDayOthers).Distinct(StringComparer.Ordinal)],
                OtherProcedureOnClaim = billed.Exists(l => l.Sequence != line.Sequence && !CodePatterns.IsEm(l.Code)),
            });
        }

        return new ClaimFeatures
        {
            ClaimId = facts.ClaimId,
            PayerKey = payerKey,
            PayerName = facts.Payer?.Name ?? payerKey,
            PatientKey = context.Claim.Patient?.Reference,
            ServiceDate = dos,
            Submitted = (facts.Created ?? ReceivedByPayer(context)) is { } created && created >= dos ? created : dos,
            HasReferring = facts.HasReferringProvider,
            MemberIdShape = memberId is { Length: > 0 } ? Shape(memberId) : null,
            MemberIdLead = memberId is { Length: > 0 } ? new string([.. memberId.TakeWhile(char.IsAsciiLetter).Take(4)]).ToUpperInvariant() : null,
            CoverageKey = coverage is null ? null : FhirReference.KeyOf(coverage),
            CoverageStart = FhirValues.ToDate(coverage?.Period?.Start),
            CoverageEnded = FhirValues.ToDate(coverage?.Period?.End) is { } end && end < dos,
            Lines = lines,
            UnknownCodeLines = facts.Lines.Count - billed.Count,
        };
    }

    /// <summary>When the payer received the claim, from an EOB's CARIN "clmrecvddate" (history claims without Claim.created).</summary>
    private static DateOnly? ReceivedByPayer(ClaimContext context) =>
        context.ExplanationsOfBenefit.SelectMany(e => e.SupportingInfo)
            .Where(i => i.Category?.Coding.Exists(c => c.Code == "clmrecvddate") == true)
            .Select(i => FhirValues.StartDate(i.Timing))
            .FirstOrDefault(d => d is not null);

    /// <summary>"BPK123456789" → "AAA999999999": what an id looks like, without the id.</summary>
    public static string Shape(string id) =>
        new([.. id.Trim().Select(c => char.IsAsciiLetter(c) ? 'A' : char.IsAsciiDigit(c) ? '9' : c)]);

    /// <summary>
    /// Earlier claims of the patient on the same coverage, adjudicated before <paramref name="before"/>, with the
    /// reasons the payer denied them ("PR-27"): what the coverage-lapse rule reads at scrub time.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> EarlierDenialsOnCoverage(ClaimContext context, string coverageKey, DateOnly before)
    {
        var record = context.Record;
        var earlier = context.EarlierClaims.Concat(context.SameDayClaims)
            .Where(c => !ReferenceEquals(c, context.Claim) && c.Insurance.Exists(i => record.Resolve<Coverage>(i.Coverage, c) is { } cov && FhirReference.KeyOf(cov) == coverageKey))
            .ToHashSet(ReferenceEqualityComparer.Instance);
        if (earlier.Count == 0)
        {
            yield break;
        }

        var decisions = record.OfType<ExplanationOfBenefit>().Where(e => earlier.Contains(record.Resolve<Claim>(e.Claim, e)!)).Select(AdjudicationReader.Read)
            .Concat(record.OfType<ClaimResponse>().Where(r => r.Use != ClaimUseCode.Preauthorization && earlier.Contains(record.Resolve<Claim>(r.Request, r)!)).Select(AdjudicationReader.Read));
        foreach (var decision in decisions)
        {
            if (decision.Date is { } date && date < before && ClaimOutcomes.IsDenial(decision.Outcome))
            {
                yield return decision.Reasons.Where(r => r.IsDenial).Select(r => r.Label).ToList();
            }
        }
    }

    private static List<AuthRecord> AuthsForClaim(ClaimContext context, ClaimFacts facts, RecordMemo memo)
    {
        if (facts.PreAuthRefs.Count == 0)
        {
            return [];
        }

        var responses = context.PatientPriorAuthorizations.Count > 0 ? context.PatientPriorAuthorizations : context.PriorAuthorizations;
        return [.. responses.Select(memo.AuthOf).OfType<AuthRecord>()];
    }

    private static (bool Valid, int? ValidityDays) AuthFor(string code, DateOnly date, IReadOnlyList<string> refs, List<AuthRecord> auths)
    {
        if (refs.Count == 0)
        {
            return (false, null);
        }

        var onClaim = auths.Where(a => a.Number is { } n && refs.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (onClaim.Count == 0)
        {
            return (true, null); // numbers the auth log does not know: taken at their word
        }

        var forCode = onClaim.Where(a => a.Units.Count == 0 || a.Units.ContainsKey(code)).ToList();
        var validity = forCode.Select(a => a.Start is { } s && a.End is { } e ? e.DayNumber - s.DayNumber : (int?)null).FirstOrDefault(d => d is not null);
        return (forCode.Exists(a => a.Covers(date)), validity);
    }

    private static int? DaysSincePrevious(ClaimContext context, string code, DateOnly date, Func<Claim, IReadOnlyList<ClaimLineFacts>> linesOf)
    {
        // Earlier claims are in date-of-service order: the nearest earlier one with the code is found walking back.
        for (var i = context.EarlierClaims.Count - 1; i >= 0; i--)
        {
            var previous = linesOf(context.EarlierClaims[i]).Where(l => l.Code == code && l.ServiceDate is { } d && d < date).Select(l => l.ServiceDate!.Value).ToList();
            if (previous.Count > 0)
            {
                return date.DayNumber - previous.Max().DayNumber;
            }
        }

        return null;
    }
}
