using System.Globalization;
using FhirApp.Core.Common.X12;
using FhirApp.Core.Scrubbing.Rules;

namespace FhirApp.Core.Scrubbing.Corrections.X12;

/// <summary>
/// Reads an 837P (005010X222A1) with the app's own X12 reader and checks it against the implementation guide: envelopes
/// and counts, the loops and required segments of <see cref="Claim837PRules"/>, every element's usage, type and length,
/// and the situational rules below. Used on every file <see cref="Claim837PWriter"/> writes, before anyone can download it.
/// </summary>
public static class Claim837PValidator
{
    private static readonly string[] PatientSegments = ["N3", "N4", "DMG"];

    public static Claim837PValidation Validate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var issues = new X12IssueList(100);
        var claims = new List<Claim837PSummary>();
        var any = false;
        foreach (var transaction in X12Envelope.Split(X12Tokenizer.Tokenize(text, issues), issues))
        {
            any = true;
            if (transaction.SetId != "837")
            {
                issues.Add(transaction.Header, $"transaction set {X12Issue.Quote(transaction.SetId)}is not a claim (837)");
                continue;
            }

            CheckInterchange(transaction.Interchange, issues);
            Claim837PRules.Group.Validate(transaction.Group, strict: true, issues);
            var root = X12LoopMatcher.Match(Claim837PRules.Transaction, transaction, Claim837PRules.Segments, strict: true, issues);
            CheckHierarchy(root, issues);
            foreach (var claim in ClaimLoops(root))
            {
                claims.Add(Claim(claim, issues));
            }
        }

        if (!any && issues.Count == 0)
        {
            issues.Add(0, "", "the file holds no transaction set");
        }
        else if (any && claims.Count == 0 && issues.Count == 0)
        {
            issues.Add(0, "", "the file holds no claim (CLM)");
        }

        return new Claim837PValidation(claims, [.. issues.Items]);
    }

    private static void CheckInterchange(X12Segment isa, X12IssueList issues)
    {
        if (isa[12] != "00501")
        {
            issues.Add(isa, "ISA12 is not 00501");
        }

        if (isa[14] is not ("0" or "1"))
        {
            issues.Add(isa, "ISA14 is not 0 or 1");
        }
    }

    // HL01 numbers the levels from 1 up; HL02 names an earlier level; HL04 says whether levels follow beneath.
    private static void CheckHierarchy(X12Loop root, X12IssueList issues)
    {
        var levels = Descendants(root).Select(l => l.Trigger).Where(s => s.Id == "HL").OrderBy(s => s.Number).ToList();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < levels.Count; i++)
        {
            var hl = levels[i];
            if (hl[1] != (i + 1).ToString(CultureInfo.InvariantCulture))
            {
                issues.Add(hl, $"HL01 is not {i + 1}: hierarchical levels are numbered from 1 in order");
            }

            if (hl[2].Length > 0 && !seen.ContainsKey(hl[2]))
            {
                issues.Add(hl, "HL02 names no earlier level");
            }

            var parentLevel = hl[3] switch { "22" => "20", "23" => "22", _ => null };
            if (parentLevel is not null && (hl[2].Length == 0 || seen.GetValueOrDefault(hl[2]) != parentLevel))
            {
                issues.Add(hl, $"HL02 must name a level {parentLevel} above this level {hl[3]}");
            }

            var hasChildren = levels.Skip(i + 1).Any(l => l[2] == hl[1]);
            if (hl[4].Length > 0 && hl[4] != (hasChildren ? "1" : "0"))
            {
                issues.Add(hl, $"HL04 is {hl[4]} but {(hasChildren ? "levels follow" : "no level follows")} beneath it");
            }

            seen[hl[1]] = hl[3];
        }
    }

    private static IEnumerable<X12Loop> Descendants(X12Loop loop) => loop.Loops.SelectMany(l => Descendants(l).Prepend(l));

    private static IEnumerable<X12Loop> ClaimLoops(X12Loop loop) =>
        loop.Rule.Name == "2300" ? [loop] : loop.Loops.SelectMany(ClaimLoops);

    private static Claim837PSummary Claim(X12Loop claim, X12IssueList issues)
    {
        var clm = claim.Trigger;
        var subscriberLoop = Ancestor(claim, "2000B");
        var billing = Ancestor(claim, "2000A")?.Children("2010AA").FirstOrDefault();
        var subscriber = subscriberLoop?.Children("2010BA").FirstOrDefault();
        var payer = subscriberLoop?.Children("2010BB").FirstOrDefault();
        var frequency = clm.Component(5, 3);
        var f8 = claim.First("REF", "F8")?[2];
        if (frequency is "7" or "8" && f8 is null)
        {
            issues.Add(clm, $"CLM05-3 is {frequency} ({(frequency == "7" ? "replacement" : "void")}): the payer's original claim number (REF*F8) is required");
        }

        if (frequency == "1" && f8 is not null)
        {
            issues.Add(clm, "REF*F8 is sent only on a replacement (7) or void (8) claim");
        }

        var diagnoses = claim.All("HI").SelectMany(hi => Enumerable.Range(1, 12).Select(i => hi.Component(i, 2))).Where(c => c.Length > 0).ToList();
        var hi = claim.First("HI");
        if (hi is not null && hi.Component(1, 1) is not ("ABK" or "BK"))
        {
            issues.Add(hi, "HI01-1 must be ABK: the principal diagnosis comes first");
        }

        var lines = new List<Claim837PSummary.Line>();
        foreach (var line in claim.Children("2400"))
        {
            var sv1 = line.First("SV1");
            if (sv1 is null)
            {
                continue;
            }

            var pointers = Enumerable.Range(1, 4).Select(i => sv1.Component(7, i)).Where(p => p.Length > 0)
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
            foreach (var pointer in pointers.Where(p => p < 1 || p > diagnoses.Count))
            {
                issues.Add(sv1, $"SV107 points to diagnosis {pointer}; the claim has {diagnoses.Count}");
            }

            var date = line.First("DTP", "472");
            var (from, to) = Dates(date);
            if (date is not null && from is null)
            {
                issues.Add(date, "DTP03 is not a date (D8) or date range (RD8) as DTP02 says");
            }

            lines.Add(new Claim837PSummary.Line(
                sv1.Component(1, 2),
                [.. Enumerable.Range(3, 4).Select(i => sv1.Component(1, i)).Where(m => m.Length > 0)],
                Amount(sv1[2]),
                sv1[3],
                Amount(sv1[4]),
                sv1[5].Length > 0 ? sv1[5] : null,
                pointers,
                from,
                to,
                line.First("REF", "6R")?[2]));
        }

        var total = Amount(clm[2]);
        if (lines.Count > 0 && total != lines.Sum(l => l.Charge))
        {
            issues.Add(clm, $"CLM02 total {total.ToString("0.00", CultureInfo.InvariantCulture)} is not the sum of the line charges (SV102) {lines.Sum(l => l.Charge).ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        CheckBillingProvider(billing, issues);
        CheckSubscriber(subscriberLoop, subscriber, issues);
        foreach (var nm1 in new[] { billing?.Trigger, claim.Children("2310B").FirstOrDefault()?.Trigger, claim.Children("2310A").FirstOrDefault()?.Trigger }.OfType<X12Segment>())
        {
            if (nm1[8] == "XX" && !NpiCheck.IsValid(nm1[9]))
            {
                issues.Add(nm1, "NM109 is not a valid NPI (10 digits with its check digit)");
            }
        }

        return new Claim837PSummary
        {
            PatientControlNumber = clm[1],
            TotalCharge = total,
            PlaceOfService = clm.Component(5, 1),
            Frequency = frequency,
            PayerClaimNumber = f8,
            PriorAuthorization = claim.First("REF", "G1")?[2],
            FilingIndicator = subscriberLoop?.First("SBR")?[9],
            SubscriberId = subscriber?.Trigger[9],
            PayerId = payer?.Trigger[9],
            BillingNpi = billing?.Trigger[9],
            RenderingNpi = claim.Children("2310B").FirstOrDefault()?.Trigger[9],
            ReferringNpi = claim.Children("2310A").FirstOrDefault()?.Trigger[9],
            Diagnoses = diagnoses,
            Lines = lines,
        };
    }

    private static void CheckBillingProvider(X12Loop? billing, X12IssueList issues)
    {
        if (billing is null)
        {
            return;
        }

        if (billing.Trigger[8] != "XX")
        {
            issues.Add(billing.Trigger, "NM108 must be XX: the billing provider is identified by its NPI");
        }

        if (billing.First("N4") is { } n4 && !(n4[3].Length == 9 && n4[3].All(char.IsAsciiDigit)))
        {
            issues.Add(n4, "N403 must be the billing provider's full nine-digit ZIP code");
        }

        if (billing.First("REF", "EI") is { } ein && !(ein[2].Length == 9 && ein[2].All(char.IsAsciiDigit)))
        {
            issues.Add(ein, "REF02 must be the nine-digit employer identification number");
        }
    }

    // When the patient is the subscriber (SBR02 = 18) the subscriber loop carries the address and date of birth; else a
    // patient level (2000C) must follow.
    private static void CheckSubscriber(X12Loop? subscriberLoop, X12Loop? subscriber, X12IssueList issues)
    {
        if (subscriberLoop?.First("SBR") is not { } sbr || subscriber is null)
        {
            return;
        }

        if (sbr[2] == "18")
        {
            foreach (var id in PatientSegments.Where(id => subscriber.First(id) is null))
            {
                issues.Add(subscriber.Trigger, $"the subscriber is the patient (SBR02 = 18): loop 2010BA requires {id}");
            }
        }
        else if (!subscriberLoop.Children("2000C").Any())
        {
            issues.Add(sbr, "the subscriber is not the patient (SBR02 is not 18): a patient level (HL with HL03 = 23) is required");
        }
    }

    private static (DateOnly? From, DateOnly? To) Dates(X12Segment? dtp)
    {
        if (dtp is null)
        {
            return (null, null);
        }

        var value = dtp[3];
        if (dtp[2] == "D8" && X12ElementRule.IsDate(value))
        {
            var date = DateOnly.ParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture);
            return (date, date);
        }

        if (dtp[2] == "RD8" && value.Length == 17 && value[8] == '-' && X12ElementRule.IsDate(value[..8]) && X12ElementRule.IsDate(value[9..]))
        {
            return (DateOnly.ParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture), DateOnly.ParseExact(value[9..], "yyyyMMdd", CultureInfo.InvariantCulture));
        }

        return (null, null);
    }

    private static X12Loop? Ancestor(X12Loop loop, string name)
    {
        for (var current = loop.Parent; current is not null; current = current.Parent)
        {
            if (current.Rule.Name == name)
            {
                return current;
            }
        }

        return null;
    }

    private static decimal Amount(string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;
}
