using System.Globalization;
using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Eligibility.X12;

/// <summary>
/// Reads a 271 (005010X279A1): separators from the ISA, envelopes with their counts, the loops and elements of
/// <see cref="Eligibility271Rules"/>. A malformed or truncated answer is refused whole with every issue found (up to
/// 50), each naming its segment; nothing is thrown for bad input. Hand-written on the shared X12 code because no X12
/// library is served here; table-driven and fuzzed by the tests.
/// </summary>
public static class Eligibility271Reader
{
    public static Eligibility271 Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return ReadUnguarded(text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A reader bug must cost this answer only: the fuzz tests keep this path unreached.
            return new Eligibility271 { Issues = [new X12Issue(0, "", $"the answer could not be read ({ex.GetType().Name})")] };
        }
    }

    private static Eligibility271 ReadUnguarded(string text)
    {
        var issues = new X12IssueList();
        Eligibility271? answer = null;
        foreach (var transaction in X12Envelope.Split(X12Tokenizer.Tokenize(text, issues), issues))
        {
            if (issues.Full)
            {
                break;
            }

            if (transaction.SetId != "271")
            {
                issues.Add(transaction.Header, $"transaction set {X12Issue.Quote(transaction.SetId)}is not an eligibility response (271)");
                continue;
            }

            Eligibility271Rules.Group.Validate(transaction.Group, strict: false, issues);
            var before = issues.Count;
            var root = X12LoopMatcher.Match(Eligibility271Rules.Transaction, transaction, Eligibility271Rules.Segments, strict: false, issues);
            if (issues.Count > before || transaction.Trailer is null)
            {
                continue;
            }

            if (answer is not null)
            {
                issues.Add(transaction.Header, "a second transaction set: one eligibility response is expected per answer");
                continue;
            }

            answer = Extract(root);
        }

        if (issues.Count == 0 && answer is null)
        {
            issues.Add(0, "", "the answer holds no transaction set");
        }

        return issues.Count > 0 ? new Eligibility271 { Issues = [.. issues.Items] } : answer!;
    }

    private static Eligibility271 Extract(X12Loop root)
    {
        var bht = root.First("BHT")!;
        var source = root.Children("2000A").First();
        var payer = source.Children("2100A").First();
        var rejections = new List<Eligibility271.Rejection>();
        rejections.AddRange(Rejections(source, "payer"));
        rejections.AddRange(Rejections(payer, "payer"));
        var members = new List<Eligibility271.Member>();
        foreach (var receiver in source.Children("2000B"))
        {
            foreach (var name in receiver.Children("2100B"))
            {
                rejections.AddRange(Rejections(name, "provider"));
            }

            foreach (var subscriber in receiver.Children("2000C"))
            {
                members.Add(Member(subscriber, "subscriber", "2100C", "2110C"));
                members.AddRange(subscriber.Children("2000D").Select(d => Member(d, "dependent", "2100D", "2110D")));
            }
        }

        return new Eligibility271
        {
            PayerName = NullIfEmpty(payer.Trigger[3]),
            PayerId = NullIfEmpty(payer.Trigger[9]),
            Created = Created(bht[4], bht[5]),
            Reference = NullIfEmpty(bht[3]),
            Rejections = rejections,
            Members = members,
        };
    }

    private static Eligibility271.Member Member(X12Loop loop, string level, string nameLoop, string benefitLoop)
    {
        var name = loop.Children(nameLoop).First();
        var nm1 = name.Trigger;
        var dmg = name.First("DMG");
        return new Eligibility271.Member
        {
            Level = level,
            Traces = [.. loop.All("TRN").Select(t => t[2]).Where(t => t.Length > 0)],
            Person = new EligibilityPerson(NullIfEmpty(nm1[3]), NullIfEmpty(nm1[4]), Date(dmg?[2]), NullIfEmpty(dmg?[3]), nm1[8] == "MI" ? NullIfEmpty(nm1[9]) : null),
            Rejections = [.. Rejections(name, level)],
            Dates = Dates(name.All("DTP")),
            Benefits = [.. name.Children(benefitLoop).Select(Benefit)],
        };
    }

    private static Eligibility271.Benefit Benefit(X12Loop loop)
    {
        var eb = loop.Trigger;
        var repetition = eb.Separators.Repetition;
        return new Eligibility271.Benefit
        {
            Code = eb[1],
            ServiceTypes = repetition is { } r ? eb[3].Split(r, StringSplitOptions.RemoveEmptyEntries) : eb[3].Length > 0 ? [eb[3]] : [],
            InsuranceType = NullIfEmpty(eb[4]),
            PlanDescription = NullIfEmpty(eb[5]),
            AuthorizationIndicator = NullIfEmpty(eb[11]),
            Dates = Dates(loop.All("DTP")),
            Messages = [.. loop.All("MSG").Select(m => m[1]).Where(m => m.Length > 0)],
            Entities = [.. loop.All("NM1").Select(n => n[1]).Where(n => n.Length > 0)],
            Rejections = [.. Rejections(loop, "benefit")],
        };
    }

    private static IEnumerable<Eligibility271.Rejection> Rejections(X12Loop loop, string level) =>
        loop.All("AAA").Where(a => a[1] == "N").Select(a => new Eligibility271.Rejection(level, NullIfEmpty(a[3]), NullIfEmpty(a[4])));

    // D8 CCYYMMDD, or RD8 CCYYMMDD-CCYYMMDD; the first of a qualifier wins.
    private static Dictionary<string, (DateOnly? From, DateOnly? To)> Dates(IEnumerable<X12Segment> dtps)
    {
        var dates = new Dictionary<string, (DateOnly?, DateOnly?)>(StringComparer.Ordinal);
        foreach (var dtp in dtps)
        {
            var value = dtp[3];
            var range = dtp[2] == "RD8" && value.Split('-') is [var from, var to] ? (Date(from), Date(to)) : (Date(value), Date(value));
            dates.TryAdd(dtp[1], range);
        }

        return dates;
    }

    private static DateTimeOffset? Created(string date, string time)
    {
        if (Date(date) is not { } day)
        {
            return null;
        }

        var hours = time.Length >= 4 && int.TryParse(time.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h < 24 ? h : 0;
        var minutes = time.Length >= 4 && int.TryParse(time.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 ? m : 0;
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(hours, minutes)), TimeSpan.Zero);
    }

    private static DateOnly? Date(string? value) =>
        value is { Length: 8 } && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
