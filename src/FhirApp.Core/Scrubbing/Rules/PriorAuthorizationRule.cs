using System.Globalization;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Scrubbing.Corrections;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Prior authorization for the codes on the payer's auth list, checked against the auths on file (the patient's
/// preauthorization ClaimResponses from the same payer) and the numbers on the claim (Claim.insurance.preAuthRef):
/// none at all, one the payer did not certify, one for another code, one outside its period on the date of service, fewer units than billed
/// (counting units already billed under the same number), or a valid one whose number is missing from the claim, the
/// safe fix being to attach it. A number on the claim that the auth log does not know is only reported (info). An auth
/// that starts more than <see cref="LaterEpisodeDays"/> days after the date of service and whose number the claim does
/// not carry belongs to a later episode and is not held against this claim.
/// </summary>
public sealed class PriorAuthorizationRule : IScrubRule
{
    /// <summary>An auth starting more than this many days after the date of service is taken as one for a later episode.</summary>
    internal const int LaterEpisodeDays = 30;

    public string Id => "auth";

    public FindingCategory Category => FindingCategory.PriorAuthorization;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Policy is not { AuthRequired.Count: > 0 } policy || input.Facts.ServiceDate is not { } claimDate)
        {
            return [];
        }
        var context = input.Context;
        var payerKey = context.Payer is { } payer ? FhirReference.KeyOf(payer) : null;
        // Contexts built before PatientPriorAuthorizations existed still carry the matched ones.
        var responses = context.PatientPriorAuthorizations.Count > 0 ? context.PatientPriorAuthorizations : context.PriorAuthorizations;
        var auths = responses
            .Select(r => AuthRecord.From(r, context.Record))
            .OfType<AuthRecord>()
            .Where(a => a.InsurerKey is null || payerKey is null || a.InsurerKey == payerKey)
            .ToList();
        var refs = input.Facts.PreAuthRefs.ToHashSet(StringComparer.OrdinalIgnoreCase);

        var findings = new List<ScrubFinding>();
        foreach (var group in input.Facts.Lines.Where(l => l.Code.Length > 0).GroupBy(l => l.Code, StringComparer.OrdinalIgnoreCase))
        {
            var line = group.First();
            var dos = line.ServiceDate ?? claimDate;
            var units = group.Sum(l => l.Units);
            var requirement = policy.AuthRequired.FirstOrDefault(a => string.Equals(a.Code, group.Key, StringComparison.OrdinalIgnoreCase) && a.AppliesTo(dos, units));
            if (requirement is null)
            {
                continue;
            }
            findings.AddRange(Check(input, policy.Cite(requirement.Describe()), group.Key, [.. group], dos, auths, refs));
        }
        return findings;
    }

    private IEnumerable<ScrubFinding> Check(
        ScrubInput input, SourceCitation source, string code, List<ClaimLineFacts> lines, DateOnly dos, List<AuthRecord> auths, HashSet<string> refs)
    {
        var line = lines[0];
        var trigger = new List<string> { $"line {line.Sequence} = {code}", $"date of service = {dos:yyyy-MM-dd}" };
        // An auth starting long after the date of service is for a later episode, not a mis-dated one for this claim, unless the claim carries its number.
        auths = [.. auths.Where(a => a.Start is not { } start || start.DayNumber - dos.DayNumber <= LaterEpisodeDays || (a.Number is { } n && refs.Contains(n)))];
        var forCode = auths.Where(a => a.Units.ContainsKey(code)
            || (a.Units.Count == 0 && a.NotCertified.Count == 0 && a.Number is { } n && refs.Contains(n))).ToList();
        if (forCode.Count == 0 && auths.Find(a => a.NotCertified.Contains(code) && (a.Number is not { } n || refs.Contains(n) || a.Covers(dos))) is { } denied)
        {
            trigger.Add($"auth number = {denied.Number ?? "(none)"}, not certified = {code}");
            yield return Finding("auth.not-certified", FindingSeverity.Hold, "CO-197", line,
                $"The payer did not certify the authorization request for {code}. Appeal the authorization decision or hold the claim; billing it will be denied.",
                source, trigger);
            yield break;
        }
        if (forCode.Count == 0)
        {
            var onClaim = auths.Where(a => a.Number is { } n && refs.Contains(n)).ToList();
            // An auth in force for codes this claim does not bill suggests the code or the auth is wrong; one for
            // another line of this claim says nothing about this code.
            var billedCodes = input.Facts.Lines.Select(l => l.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var inPeriod = auths.Where(a => a.Covers(dos) && a.Units.Count > 0 && !a.Units.Keys.Any(billedCodes.Contains)).ToList();
            var other = onClaim.Count > 0 ? onClaim : inPeriod;
            if (other.Count > 0)
            {
                var codes = string.Join(", ", other.SelectMany(a => a.Units.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
                trigger.AddRange(other.Select(a => $"auth number = {a.Number ?? "(none)"}, codes = {string.Join(" ", a.Units.Keys)}"));
                yield return Finding("auth.other-code", FindingSeverity.Hold, "CO-197", line,
                    $"The authorization on file is for {codes}, not {code}. Ask the payer to add {code} to the authorization (or correct the code) before submitting.",
                    source, trigger);
            }
            else if (refs.Count > 0 && !auths.Any(a => a.Number is { } n && refs.Contains(n)))
            {
                trigger.Add($"Claim.insurance.preAuthRef = {string.Join(", ", refs)}");
                yield return Finding("auth.unverified", FindingSeverity.Info, null, line,
                    $"{code} needs prior authorization and the claim carries an auth number that is not in the auth log. Nothing to do if the payer approved it for {code} on this date.",
                    source, trigger);
            }
            else
            {
                yield return Finding("auth.missing", FindingSeverity.Hold, "CO-197", line,
                    $"{code} needs prior authorization from this payer and none is on file. Obtain the authorization (or a retro-authorization) and add its number to the claim.",
                    source, trigger);
            }
            yield break;
        }

        var valid = forCode.Where(a => a.Covers(dos)).ToList();
        if (valid.Count == 0)
        {
            var nearest = forCode.MinBy(a => Math.Min(
                a.End is { } e ? Math.Abs(dos.DayNumber - e.DayNumber) : int.MaxValue,
                a.Start is { } s ? Math.Abs(dos.DayNumber - s.DayNumber) : int.MaxValue))!;
            trigger.Add($"auth number = {nearest.Number ?? "(none)"}");
            trigger.Add($"auth period = {Date(nearest.Start)} to {Date(nearest.End)}");
            var why = nearest.End is { } end && dos > end
                ? $"expired on {end:yyyy-MM-dd}"
                : $"starts on {Date(nearest.Start)}";
            yield return Finding("auth.outside-period", FindingSeverity.Hold, "CO-197", line,
                $"The authorization on file for {code} {why}, so it does not cover the date of service {dos:yyyy-MM-dd}. Request an extension or a new authorization.",
                source, trigger);
            yield break;
        }

        var best = valid
            .OrderByDescending(a => a.Number is { } n && refs.Contains(n))
            .ThenByDescending(a => a.Units.GetValueOrDefault(code))
            .First();
        trigger.Add($"auth number = {best.Number ?? "(none)"}");
        trigger.Add($"auth period = {Date(best.Start)} to {Date(best.End)}");
        if (best.Units.TryGetValue(code, out var approved))
        {
            var billed = lines.Sum(l => l.Units);
            var used = best.Number is { } number ? UnitsBilledBefore(input, code, number) : 0m;
            if (used + billed > approved)
            {
                trigger.Add($"approved units = {Units(approved)}");
                trigger.Add($"billed units = {Units(billed)}" + (used > 0 ? $", already billed under this auth = {Units(used)}" : ""));
                yield return Finding("auth.units-exceeded", FindingSeverity.Hold, "CO-198", line,
                    used > 0
                        ? $"The authorization for {code} allows {Units(approved)} unit(s); {Units(used)} were already billed under it and this claim bills {Units(billed)}. Ask the payer for more units before submitting."
                        : $"The authorization for {code} allows {Units(approved)} unit(s) and the claim bills {Units(billed)}. Ask the payer for more units, or bill only the approved units.",
                    source, trigger);
            }
        }
        if (best.Number is { } authNumber && !refs.Contains(authNumber))
        {
            yield return Finding("auth.number-missing", FindingSeverity.Hold, "CO-197", line,
                $"An authorization for {code} covering the date of service is on file, but its number is not on the claim. Attach the authorization number to the claim (its prior-authorization number field).",
                source, trigger) with
            {
                Fix = ClaimFix.AttachAuthNumber(authNumber, $"authorization {authNumber} is on file for {code} from {Date(best.Start)} to {Date(best.End)}"),
            };
        }
    }

    /// <summary>Units of the code billed on the patient's other claims that carry the same auth number (voids excluded).</summary>
    private static decimal UnitsBilledBefore(ScrubInput input, string code, string number)
    {
        var self = input.Context.Claim;
        return input.Context.EarlierClaims.Concat(input.Context.SameDayClaims)
            .Where(c => !ReferenceEquals(c, self) && ClaimFacts.FrequencyOf(c) != "8" && c.Status is not (FinancialResourceStatusCodes.Cancelled or FinancialResourceStatusCodes.EnteredInError))
            .Where(c => c.Insurance.Any(i => i.PreAuthRef.Any(r => string.Equals(r?.Trim(), number, StringComparison.OrdinalIgnoreCase))))
            .SelectMany(c => ClaimFacts.LinesOf(c))
            .Where(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase))
            .Sum(l => l.Units);
    }

    private static string Date(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(open)";

    private static string Units(decimal units) => units.ToString("0.##", CultureInfo.InvariantCulture);

    private ScrubFinding Finding(
        string ruleId, FindingSeverity severity, string? carc, ClaimLineFacts line, string message, SourceCitation source, List<string> trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = carc,
        Message = message,
        Source = source,
        Trigger = [.. trigger],
        LineSequence = line.Sequence,
    };
}
