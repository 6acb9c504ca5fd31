using System.Globalization;
using System.Text.RegularExpressions;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Appeals;

/// <summary>
/// The coded facts an appeal argues with, for one claim: the authorization on file, the submission date within the
/// filing limit, the coverage in force on the date of service, what makes a service distinct from a "duplicate", the
/// units and modifiers as billed, the diagnosis and the payer's covered list, the NCCI modifier indicator. Each fact is a
/// plain statement built from coded values only (never a clinical word), with the resource it comes from; the backing
/// check rebuilds the same statements (<see cref="All"/>) to verify a letter. When the record points the other way
/// (coverage ended, a true duplicate, an authorization not on the claim) the result says so: the decision follows it.
/// </summary>
internal sealed partial class AppealFacts(ClaimContext context, ClaimDetail detail, RuleBook rules, string? payerId)
{
    private static readonly string[] Known =
    [
        "auth-on-file", "submission-date", "acknowledgement", "coverage-on-date", "member-id", "distinct-service",
        "units-billed", "modifier-on-line", "diagnosis-on-line", "diagnosis-covered", "modifier-indicator",
    ];

    private static readonly HashSet<string> RepeatModifiers = new(StringComparer.OrdinalIgnoreCase) { "76", "77", "91", "59", "XE", "XS", "XP", "XU" };

    private readonly string _claim = "Claim/" + detail.Summary.Id;

    public static bool IsKnown(string fact) => Known.Contains(fact, StringComparer.Ordinal);

    /// <summary>The fact for one line: the statements that meet it, or why the record goes against it.</summary>
    public FactResult For(string fact, ClaimLineDetail line, AppealMechanism mechanism) => fact switch
    {
        "diagnosis-on-line" => DiagnosisOnLine(line),
        "diagnosis-covered" => DiagnosisCovered(line),
        "modifier-on-line" => ModifierOnLine(line, mechanism),
        "units-billed" => UnitsBilled(line),
        "auth-on-file" => AuthOnFile(line),
        "submission-date" => SubmissionDate(),
        "acknowledgement" => Acknowledgement(),
        "coverage-on-date" => CoverageOnDate(line),
        "member-id" => MemberId(),
        "distinct-service" => DistinctService(line),
        "modifier-indicator" => ModifierIndicator(line),
        _ => throw new ArgumentException($"Unknown fact '{fact}'.", nameof(fact)),
    };

    /// <summary>Every fact statement this claim can back, by source: what the backing check accepts in a letter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> All()
    {
        var all = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [_claim] = [.. CodedValues.All(detail)] };
        foreach (var line in detail.Lines)
        {
            foreach (var fact in Known)
            {
                foreach (var mechanism in new[] { AppealMechanism.Modifier25, AppealMechanism.DistinctProcedure })
                {
                    foreach (var item in For(fact, line, mechanism).Items)
                    {
                        if (!all.TryGetValue(item.Source, out var values))
                        {
                            all[item.Source] = values = [];
                        }

                        values.Add(item.Text);
                    }
                }
            }
        }

        return all.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    private DateOnly? ServiceDate(ClaimLineDetail line) => line.ServiceDate ?? detail.Summary.ServiceDate;

    private PayerPolicyVersion? Policy(DateOnly? date) =>
        rules.PayerFor(payerId) is { } policy && date is { } d ? policy.For(d) ?? policy.Versions.OrderBy(v => v.Effective).FirstOrDefault() : null;

    private FactResult DiagnosisOnLine(ClaimLineDetail line)
    {
        var codes = line.DiagnosisCodes.Count > 0 ? line.DiagnosisCodes : detail.Diagnoses.Select(d => d.Code).OfType<string>().ToList();
        var coded = CodedValues.Diagnoses(detail);
        var items = codes.Select(code => coded.FirstOrDefault(c => c == code || c.StartsWith(code + " ", StringComparison.Ordinal)))
            .OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(text => Fact("diagnosis-on-line", text, _claim, $"Diagnosis billed on line {line.Sequence}"))
            .ToList();
        return new FactResult(items);
    }

    private FactResult DiagnosisCovered(ClaimLineDetail line)
    {
        if (line.Code is not { } code || Policy(ServiceDate(line)) is not { } policy
            || policy.CoverageLists.FirstOrDefault(l => l.Codes.Contains(code, StringComparer.OrdinalIgnoreCase)) is not { } list)
        {
            return FactResult.None; // no covered list loaded for this code: nothing to show, nothing against
        }

        var diagnoses = (line.DiagnosisCodes.Count > 0 ? line.DiagnosisCodes : detail.Summary.DiagnosisCodes).ToList();
        var covered = diagnoses.FirstOrDefault(d => list.DiagnosisPrefixes.Any(p => ClaimFacts.NormalizeIcd(d).StartsWith(ClaimFacts.NormalizeIcd(p), StringComparison.Ordinal)));
        var source = "PayerPolicy/" + payerId;
        return covered is not null
            ? new FactResult([Fact("diagnosis-covered", $"{code} with {covered}: {list.Clause}", source, "Covered indication")])
            : FactResult.Against($"the billed diagnosis ({string.Join(", ", diagnoses)}) is not among the covered indications for {code} ({list.Clause})");
    }

    private FactResult ModifierOnLine(ClaimLineDetail line, AppealMechanism mechanism)
    {
        var has = mechanism == AppealMechanism.Modifier25
            ? line.Modifiers.Contains("25", StringComparer.OrdinalIgnoreCase)
            : DenialMechanisms.HasDistinctModifier(line.Modifiers);
        return has ? new FactResult([Fact("modifier-on-line", CodedValues.Line(line), _claim, $"Line {line.Sequence} as billed")]) : FactResult.None;
    }

    private FactResult UnitsBilled(ClaimLineDetail line) =>
        line.Code is { } code
            ? new FactResult([Fact("units-billed", UnitsText(code, line.Units ?? 1), _claim, $"Units billed on line {line.Sequence}")])
            : FactResult.None;

    internal static string UnitsText(string code, decimal units) =>
        string.Create(CultureInfo.InvariantCulture, $"{code}: {units:0.##} unit{(units == 1 ? "" : "s")}");

    private FactResult AuthOnFile(ClaimLineDetail line)
    {
        if (line.Code is not { } code || ServiceDate(line) is not { } dos)
        {
            return FactResult.None;
        }

        var onClaim = context.Claim?.Insurance.SelectMany(i => i.PreAuthRef).OfType<string>().Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList() ?? [];
        foreach (var response in context.PatientPriorAuthorizations)
        {
            if (AuthRecord.From(response, context.Record) is not { } auth || !auth.Covers(dos) || auth.NotCertified.Contains(code)
                || !auth.Units.TryGetValue(code, out var units) || response.Id is null)
            {
                continue;
            }

            var text = string.Create(CultureInfo.InvariantCulture,
                $"Authorization {auth.Number ?? "(no number)"}: {code}, {units:0.##} unit{(units == 1 ? "" : "s")}, {Iso(auth.Start) ?? "open"} to {Iso(auth.End) ?? "open"}");
            var item = Fact("auth-on-file", text, "ClaimResponse/" + response.Id, "Authorization on file");
            return auth.Number is { } number && !onClaim.Contains(number, StringComparer.OrdinalIgnoreCase)
                // Valid, but its number never reached the claim: our data to correct (REF*G1), not the payer's decision to contest.
                ? new FactResult([item], Alternative: $"authorization {number} covers the service but its number is not on the claim")
                : new FactResult([item]);
        }

        if (onClaim.Count > 0)
        {
            return new FactResult([Fact("auth-on-file", $"Authorization number on the claim: {string.Join(", ", onClaim)}", _claim, "Authorization on the claim")]);
        }

        var expired = context.PatientPriorAuthorizations.Select(r => AuthRecord.From(r, context.Record)).OfType<AuthRecord>()
            .FirstOrDefault(a => a.Units.ContainsKey(code));
        return FactResult.Against(expired is null
            ? $"no authorization for {code} is on file"
            : $"the authorization on file for {code} ({expired.Number}, {Iso(expired.Start)} to {Iso(expired.End)}) does not cover the {Iso(dos)} date of service");
    }

    private FactResult SubmissionDate()
    {
        var created = context.Claim is { } claim && FhirValues.ToInstant(claim.CreatedElement) is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;
        if (created is not { } submitted || detail.Summary.ServiceDate is not { } dos)
        {
            return FactResult.None;
        }

        var days = submitted.DayNumber - dos.DayNumber;
        var limit = Policy(dos)?.FilingLimitDays;
        var text = string.Create(CultureInfo.InvariantCulture, $"Submitted {Iso(submitted)}, {days} day{(days == 1 ? "" : "s")} after the {Iso(dos)} date of service");
        return limit is { } l && days > l
            ? FactResult.Against(string.Create(CultureInfo.InvariantCulture, $"the claim was submitted {days} days after the date of service, past the {l}-day filing limit"))
            : new FactResult([Fact("submission-date", text, _claim, limit is { } known ? string.Create(CultureInfo.InvariantCulture, $"Original submission (filing limit {known} days)") : "Original submission")]);
    }

    private FactResult Acknowledgement()
    {
        var dos = detail.Summary.ServiceDate;
        var limit = Policy(dos)?.FilingLimitDays;
        var first = detail.Adjudications.Where(a => a.Date is not null).OrderBy(a => a.Date).FirstOrDefault();
        if (first?.Date is not { } date || dos is not { } d || (limit is { } l && date.DayNumber - d.DayNumber > l))
        {
            return FactResult.None;
        }

        return new FactResult([Fact("acknowledgement", $"Payer response dated {Iso(date)}", first.Source, "The payer's first response")]);
    }

    private FactResult CoverageOnDate(ClaimLineDetail line)
    {
        var dos = ServiceDate(line);
        var billed = context.Coverages.Count > 0 ? context.Coverages[0] : null;
        if (billed is not null && dos is { } d && InForce(billed, d) && billed.Id is { } id)
        {
            return new FactResult([Fact("coverage-on-date", CoverageText(billed), "Coverage/" + id, "Coverage billed")]);
        }

        // The coverage billed was not in force: another one on file that was is the corrected claim's target.
        var other = dos is { } day
            ? context.Record.OfType<Coverage>().FirstOrDefault(c => c != billed && InForce(c, day) && PatientOf(c) == context.Patient?.Id)
            : null;
        var reason = billed is null ? "no coverage is on the claim" : $"the coverage billed ({CoverageText(billed)}) was not in force on {Iso(dos)}";
        return FactResult.Against(reason, other is null ? null : $"coverage {CoverageText(other)} was in force on {Iso(dos)}");
    }

    private FactResult MemberId()
    {
        var coverage = detail.Coverage;
        if (coverage?.SubscriberId is not { } member || coverage.Id is not { } id || Policy(detail.Summary.ServiceDate)?.SubscriberIdPattern is not { } pattern)
        {
            return FactResult.None;
        }

        bool matches;
        try
        {
            matches = Regex.IsMatch(member, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException)
        {
            return FactResult.None;
        }

        return matches
            ? new FactResult([Fact("member-id", $"Member id {member}", "Coverage/" + id, "Member id billed, in the payer's format")])
            : FactResult.Against($"member id {member} does not match the payer's format", "correct the member id from the insurance card");
    }

    private FactResult DistinctService(ClaimLineDetail line)
    {
        if (line.Code is not { } code || ServiceDate(line) is not { } dos)
        {
            return FactResult.None;
        }

        if (line.Modifiers.FirstOrDefault(RepeatModifiers.Contains) is not null)
        {
            return new FactResult([Fact("distinct-service", CodedValues.Line(line), _claim, $"Line {line.Sequence} as billed, with its repeat or distinct modifier")]);
        }

        var others = context.SameDayClaims.Concat(context.EarlierClaims)
            .Where(c => c.Id != detail.Summary.Id && c.Status != FinancialResourceStatusCodes.Cancelled && c.Status != FinancialResourceStatusCodes.EnteredInError)
            .Select(c => (Claim: c, Lines: ClaimFacts.LinesOf(c)))
            .Where(c => c.Lines.Any(l => l.ServiceDate == dos))
            .ToList();
        var same = others.FirstOrDefault(o => o.Lines.Any(l => l.ServiceDate == dos && string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)));
        if (same.Claim is not null)
        {
            return FactResult.Against($"{Named(same.Claim)} already bills {code} for {Iso(dos)}");
        }

        if (others.Count == 0)
        {
            return FactResult.None; // the payer's other claim is not in the record: nothing to compare
        }

        var (claim, lines) = others[0];
        var codes = string.Join(", ", lines.Where(l => l.ServiceDate == dos).Select(l => l.Code).Distinct(StringComparer.Ordinal));
        return new FactResult([Fact("distinct-service", $"{Upper(Named(claim))} for {Iso(dos)} bills {codes}", "Claim/" + claim.Id, "The other claim of that date")]);
    }

    private FactResult ModifierIndicator(ClaimLineDetail line)
    {
        if (line.Code is not { } code || ServiceDate(line) is not { } dos)
        {
            return FactResult.None;
        }

        var others = detail.Lines.Where(l => l.Sequence != line.Sequence && l.Code is not null).Select(l => l.Code!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pair = rules.Codes.NcciPairs.FirstOrDefault(p => p.Effective <= dos && (p.Deleted is not { } deleted || dos < deleted)
            && ((string.Equals(p.Column2, code, StringComparison.OrdinalIgnoreCase) && others.Contains(p.Column1))
                || (string.Equals(p.Column1, code, StringComparison.OrdinalIgnoreCase) && others.Contains(p.Column2))));
        if (pair is null)
        {
            return FactResult.None;
        }

        var source = "NCCI/" + rules.Codes.NcciSource.Version;
        return pair.ModifierIndicator == 1
            ? new FactResult([Fact("modifier-indicator", $"NCCI pair {pair.Column1}/{pair.Column2}: modifier indicator 1", source, $"Edit table {rules.Codes.NcciSource.Version}")])
            : FactResult.Against($"NCCI pair {pair.Column1}/{pair.Column2} has modifier indicator {pair.ModifierIndicator}: no modifier separates them");
    }

    /// <summary>Another claim as a letter names it: by the practice's account number, never by our id.</summary>
    private static string Named(Claim claim) => ClaimNumbers.AccountNumber(claim) is { } number ? "claim " + number : "another claim";

    private static bool InForce(Coverage coverage, DateOnly date) =>
        coverage.Status is null or FinancialResourceStatusCodes.Active
        && (FhirValues.ToDate(coverage.Period?.Start) is not { } start || start <= date)
        && (FhirValues.ToDate(coverage.Period?.End) is not { } end || date <= end);

    private static string? PatientOf(Coverage coverage) => FhirValues.IdOf(coverage.Beneficiary);

    private string CoverageText(Coverage coverage)
    {
        var payer = coverage.Payor.Select(p => context.Record.Resolve<Organization>(p, coverage)?.Name ?? p.Display).FirstOrDefault(n => n is not null);
        var start = Iso(FhirValues.ToDate(coverage.Period?.Start)) ?? "open";
        var end = Iso(FhirValues.ToDate(coverage.Period?.End)) ?? "open";
        return $"member {coverage.SubscriberId ?? "(no id)"}{(payer is null ? "" : ", " + payer)}, in force {start} to {end}";
    }

    private static EvidenceItem Fact(string criterion, string text, string source, string label) =>
        new(criterion, text, source, EvidenceKind.Fact, Label: label);

    private static string Upper(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// A fact's statements, or why the record goes against it (<see cref="Against"/>: coverage ended, a true duplicate), with
/// the other way to fix it when the record shows one (<see cref="Alternative"/>: the coverage that was in force).
/// </summary>
internal sealed record FactResult(IReadOnlyList<EvidenceItem> Items, string? Alternative = null, string? AgainstReason = null)
{
    public static FactResult None { get; } = new([]);

    public static FactResult Against(string reason, string? alternative = null) => new([], alternative, reason);
}
