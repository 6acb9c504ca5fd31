using System.Globalization;
using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Remittance;

/// <summary>
/// Reads an X12 835 (005010X221A1) file: separators from each ISA, envelopes with their counts, the loops and elements
/// of <see cref="Era835Rules"/>, then the balancing rules of <see cref="RemittanceBalancer"/>. A malformed, truncated or
/// unbalanced file is refused whole with every issue found (up to 50), each naming its segment; nothing is thrown for bad
/// input. Hand-written because no X12 library is served here; small and table-driven, and fuzzed by the tests.
/// </summary>
public static class Era835Reader
{
    // MIA05 and MIA20–23 carry remark codes (inpatient adjudication).
    private static readonly int[] MiaRemarks = [5, 20, 21, 22, 23];

    public static Era835ReadResult ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Era835ReadResult { Source = path, Issues = [new X12Issue(0, "", $"the file cannot be read ({ex.GetType().Name})")] };
        }

        return Read(text, path);
    }

    public static Era835ReadResult Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var issues = new X12IssueList();
        var remittances = new List<RemittanceAdvice>();
        var checkedGroups = new HashSet<int>();
        var ordinal = 0;
        // Streamed: each transaction set's segments are dropped once it is read into its (smaller) remittance.
        foreach (var transaction in X12Envelope.Split(X12Tokenizer.Tokenize(text, issues), issues))
        {
            if (issues.Full)
            {
                break;
            }

            if (transaction.SetId != "835")
            {
                issues.Add(transaction.Header, $"transaction set {X12Issue.Quote(transaction.SetId)}is not a remittance advice (835)");
                continue;
            }

            // GS04/GS05 date the versions of the EOBs mapped from this group: a group is checked once, whatever its transaction sets.
            if (checkedGroups.Add(transaction.Group.Number))
            {
                Era835Rules.Group.Validate(transaction.Group, strict: false, issues);
            }

            // Each claim is read as its loop closes and its segments dropped, so a large transaction set is never held whole.
            var before = issues.Count;
            var claims = new List<RemittanceAdvice.ClaimPayment>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var root = X12LoopMatcher.Match(Era835Rules.Transaction, transaction, Era835Rules.Segments, strict: false, issues, loop =>
            {
                if (loop.Rule.Name != "2100")
                {
                    return;
                }

                if (issues.Count == before)
                {
                    var claim = Claim(loop, ordinal++, issues);
                    var occurrence = seen.GetValueOrDefault(claim.PayerClaimNumber);
                    seen[claim.PayerClaimNumber] = occurrence + 1;
                    claims.Add(claim with { Occurrence = occurrence });
                }

                loop.Detach();
            });
            if (issues.Count > before || transaction.Trailer is null)
            {
                continue; // a malformed transaction is not worth balancing
            }

            var remittance = Extract(root, transaction, source, claims);
            RemittanceBalancer.Check(remittance, issues);
            remittances.Add(remittance);
        }

        if (issues.Count == 0 && remittances.Count == 0)
        {
            issues.Add(0, "", "the file holds no transaction set");
        }

        return issues.Count > 0
            ? new Era835ReadResult { Source = source, Issues = [.. issues.Items] }
            : new Era835ReadResult { Source = source, Remittances = remittances };
    }

    private static RemittanceAdvice Extract(X12Loop root, X12Transaction transaction, string source, List<RemittanceAdvice.ClaimPayment> claims)
    {
        var bpr = root.First("BPR")!;
        var trn = root.First("TRN")!;
        var payer = root.Children("1000A").First();
        var payee = root.Children("1000B").First();

        return new RemittanceAdvice
        {
            Source = source,
            ControlNumber = transaction.ControlNumber,
            Segment = transaction.Header.Number,
            PaymentSegment = bpr.Number,
            Created = GroupCreated(transaction.Group),
            Handling = bpr[1],
            TotalPayment = Decimal(bpr[2]),
            CreditDebit = NullIfEmpty(bpr[3]),
            PaymentMethod = NullIfEmpty(bpr[4]),
            PaymentDate = Date(bpr[16]),
            TraceNumber = NullIfEmpty(trn[2]),
            TraceOriginator = NullIfEmpty(trn[3]),
            ProductionDate = Date(root.First("DTM", "405")?[2]),
            Currency = NullIfEmpty(root.First("CUR")?[2]) ?? "USD",
            Payer = new RemittanceAdvice.Party(NullIfEmpty(payer.Trigger[2]), NullIfEmpty(payer.Trigger[3]), NullIfEmpty(payer.Trigger[4]), NullIfEmpty(payer.First("REF", "2U")?[2])),
            Payee = new RemittanceAdvice.Party(NullIfEmpty(payee.Trigger[2]), NullIfEmpty(payee.Trigger[3]), NullIfEmpty(payee.Trigger[4]), NullIfEmpty(payee.First("REF", "TJ")?[2])),
            Claims = claims,
            ProviderAdjustments = [.. root.All("PLB").SelectMany(ProviderAdjustments)],
        };
    }

    private static RemittanceAdvice.ClaimPayment Claim(X12Loop loop, int ordinal, X12IssueList issues)
    {
        var clp = loop.Trigger;
        var remarks = new List<string>();
        if (loop.First("MOA") is { } moa)
        {
            remarks.AddRange(Enumerable.Range(3, 5).Select(i => moa[i]));
        }

        if (loop.First("MIA") is { } mia)
        {
            remarks.AddRange(MiaRemarks.Select(i => mia[i]));
        }

        return new RemittanceAdvice.ClaimPayment
        {
            Segment = clp.Number,
            Ordinal = ordinal,
            PatientControlNumber = clp[1],
            Status = clp[2],
            Charge = Decimal(clp[3]),
            Paid = Decimal(clp[4]),
            PatientResponsibility = OptionalDecimal(clp[5]),
            FilingIndicator = NullIfEmpty(clp[6]),
            PayerClaimNumber = clp[7],
            FacilityCode = NullIfEmpty(clp[8]),
            Frequency = NullIfEmpty(clp[9]),
            Patient = Person(loop.First("NM1", "QC")),
            Insured = Person(loop.First("NM1", "IL")),
            Rendering = Person(loop.First("NM1", "82")),
            CrossoverPayer = NullIfEmpty(loop.First("NM1", "TT")?[3]),
            StatementFrom = Date(loop.First("DTM", "232")?[2]),
            StatementTo = Date(loop.First("DTM", "233")?[2]),
            Received = Date(loop.First("DTM", "050")?[2]),
            Interest = OptionalDecimal(loop.First("AMT", "I")?[2]),
            Adjustments = Adjustments(loop, issues),
            RemarkCodes = [.. remarks.Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)],
            Lines = [.. loop.Children("2110").Select(l => Line(l, issues))],
        };
    }

    private static RemittanceAdvice.ServiceLine Line(X12Loop loop, X12IssueList issues)
    {
        var svc = loop.Trigger;
        var submitted = svc[6].Length == 0 ? NoComponents : svc.Components(6);
        var from = Date(loop.First("DTM", "472")?[2]) ?? Date(loop.First("DTM", "150")?[2]);
        return new RemittanceAdvice.ServiceLine
        {
            Segment = svc.Number,
            Qualifier = svc.Component(1, 1),
            Code = svc.Component(1, 2),
            Modifiers = Modifiers(svc.Components(1)),
            SubmittedQualifier = NullIfEmpty(submitted[0]),
            SubmittedCode = submitted.Length > 1 ? NullIfEmpty(submitted[1]) : null,
            SubmittedModifiers = Modifiers(submitted),
            Charge = Decimal(svc[2]),
            Paid = Decimal(svc[3]),
            RevenueCode = NullIfEmpty(svc[4]),
            Units = OptionalDecimal(svc[5]),
            SubmittedUnits = OptionalDecimal(svc[7]),
            From = from,
            To = Date(loop.First("DTM", "151")?[2]) ?? from,
            ControlNumber = NullIfEmpty(loop.First("REF", "6R")?[2]),
            Allowed = OptionalDecimal(loop.First("AMT", "B6")?[2]),
            Adjustments = Adjustments(loop, issues),
            RemarkCodes = [.. loop.All("LQ", "HE").Select(s => s[2]).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)],
        };
    }

    private static readonly string[] NoComponents = [""];

    // Components 3–6 of a procedure composite.
    private static List<string> Modifiers(string[] components)
    {
        var modifiers = new List<string>(0);
        for (var i = 2; i < Math.Min(components.Length, 6); i++)
        {
            if (components[i].Length > 0)
            {
                modifiers.Add(components[i]);
            }
        }

        return modifiers;
    }

    // Up to six (reason, amount, quantity) triplets per CAS: CAS02-04, 05-07 … 17-19.
    private static List<RemittanceAdvice.Adjustment> Adjustments(X12Loop loop, X12IssueList issues)
    {
        var adjustments = new List<RemittanceAdvice.Adjustment>();
        foreach (var cas in loop.All("CAS"))
        {
            for (var i = 2; i <= 17; i += 3)
            {
                var reason = cas[i];
                var amount = cas[i + 1];
                if (reason.Length == 0)
                {
                    if (amount.Length > 0)
                    {
                        issues.Add(cas, $"{cas.Name(i + 1)} has an amount without a reason code in {cas.Name(i)}");
                    }

                    continue;
                }

                if (amount.Length == 0)
                {
                    issues.Add(cas, $"{cas.Name(i)} has a reason code but {cas.Name(i + 1)} no amount");
                    continue;
                }

                adjustments.Add(new RemittanceAdvice.Adjustment(cas.Number, cas[1], reason, Decimal(amount), OptionalDecimal(cas[i + 2])));
            }
        }

        return adjustments;
    }

    // PLB03/04, 05/06 … 13/14: (reason:reference, amount) pairs.
    private static IEnumerable<RemittanceAdvice.ProviderAdjustment> ProviderAdjustments(X12Segment plb)
    {
        for (var i = 3; i <= 13; i += 2)
        {
            var reason = plb.Component(i, 1);
            if (reason.Length > 0 && plb[i + 1].Length > 0)
            {
                yield return new RemittanceAdvice.ProviderAdjustment(plb.Number, plb[1], Date(plb[2]), reason, NullIfEmpty(plb.Component(i, 2)), Decimal(plb[i + 1]));
            }
        }
    }

    private static RemittanceAdvice.Person? Person(X12Segment? nm1) =>
        nm1 is null ? null : new RemittanceAdvice.Person(nm1[2] == "2", NullIfEmpty(nm1[3]), NullIfEmpty(nm1[4]), NullIfEmpty(nm1[8]), NullIfEmpty(nm1[9]));

    private static DateTimeOffset GroupCreated(X12Segment gs)
    {
        var date = Date(gs[4]) ?? DateOnly.MinValue;
        var time = gs[5];
        var hours = time.Length >= 4 && int.TryParse(time.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h < 24 ? h : 0;
        var minutes = time.Length >= 4 && int.TryParse(time.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 ? m : 0;
        var seconds = time.Length >= 6 && int.TryParse(time.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < 60 ? s : 0;
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(hours, minutes, seconds)), TimeSpan.Zero);
    }

    internal static decimal Decimal(string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;

    private static decimal? OptionalDecimal(string? value) =>
        string.IsNullOrEmpty(value) ? null : Decimal(value);

    private static DateOnly? Date(string? value) =>
        value is { Length: 8 } && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

}
