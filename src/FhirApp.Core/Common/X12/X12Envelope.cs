using System.Globalization;

namespace FhirApp.Core.Common.X12;

/// <summary>
/// Walks the envelopes (ISA/IEA, GS/GE, ST/SE) of tokenized segments and yields the transaction sets, their bodies
/// streaming, so a large file is never held whole. Checks that each envelope is closed, that the counts agree
/// (SE01 = segments from ST to SE, GE01 = transaction sets in the group, IEA01 = groups in the interchange) and that the
/// control numbers pair up (ST02 = SE02, GS06 = GE02, ISA13 = IEA02).
/// </summary>
internal static class X12Envelope
{
    public static IEnumerable<X12Transaction> Split(IEnumerable<X12Segment> segments, X12IssueList issues)
    {
        using var walker = new Walker(segments.GetEnumerator(), issues);
        while (walker.NextTransaction() is { } transaction)
        {
            yield return transaction;
            Walker.Drain(transaction);
        }

        walker.Finish();
    }

    private sealed class Walker(IEnumerator<X12Segment> segments, X12IssueList issues) : IDisposable
    {
        private X12Segment? _isa;
        private X12Segment? _gs;
        private X12Segment? _pending;
        private X12Transaction? _unclosed;
        private int _groups;
        private int _sets;

        public void Dispose() => segments.Dispose();

        /// <summary>Reads envelope segments up to the next ST; null at the end of the file.</summary>
        public X12Transaction? NextTransaction()
        {
            while (!issues.Full && Next() is { } segment)
            {
                switch (segment.Id)
                {
                    case "ISA":
                        if (_isa is not null)
                        {
                            issues.Add(segment, $"a new interchange starts before the IEA of the one at segment {_isa.Number}");
                        }

                        CheckIsa(segment, issues);
                        _isa = segment;
                        _gs = null;
                        _groups = 0;
                        break;
                    case "GS":
                        if (_isa is null)
                        {
                            issues.Add(segment, "a functional group outside an interchange (no ISA before it)");
                        }
                        else if (_gs is not null)
                        {
                            issues.Add(segment, $"a new functional group starts before the GE of the one at segment {_gs.Number}");
                        }

                        _gs = segment;
                        _sets = 0;
                        _groups++;
                        break;
                    case "ST":
                        _sets++;
                        if (_isa is null || _gs is null)
                        {
                            issues.Add(segment, "a transaction set outside a functional group (no GS before it)");
                            Drain(Open(segment, segment, segment));
                            break;
                        }

                        return Open(_isa, _gs, segment);
                    case "SE":
                        issues.Add(segment, "SE without an ST before it");
                        break;
                    case "GE":
                        if (_gs is null)
                        {
                            issues.Add(segment, "GE without a GS before it");
                            break;
                        }

                        CheckCount(segment, 1, _sets, "transaction sets in the group", issues);
                        CheckPair(segment, 2, _gs, 6, issues);
                        _gs = null;
                        break;
                    case "IEA":
                        if (_gs is not null)
                        {
                            issues.Add(segment, $"IEA before the GE of the functional group at segment {_gs.Number}");
                            _gs = null;
                        }

                        if (_isa is null)
                        {
                            issues.Add(segment, "IEA without an ISA before it");
                            break;
                        }

                        CheckCount(segment, 1, _groups, "functional groups in the interchange", issues);
                        CheckPair(segment, 2, _isa, 13, issues);
                        _isa = null;
                        break;
                    default:
                        issues.Add(segment, "a segment outside any transaction set (between ST and SE)");
                        break;
                }
            }

            return null;
        }

        /// <summary>Reads what the consumer left of a transaction's body, so the next envelope segment comes next.</summary>
        public static void Drain(X12Transaction transaction)
        {
            if (!transaction.Ended)
            {
                foreach (var _ in transaction.Body)
                {
                }
            }
        }

        /// <summary>At the end of the file: names the envelope left open.</summary>
        public void Finish()
        {
            // The tokenizer already said where a truncated or unreadable file stops; these name the envelope left open.
            if (issues.Full)
            {
                return;
            }

            if (_unclosed is not null)
            {
                issues.Add(_unclosed.Header, "the transaction set is not closed: no SE was read after it");
            }
            else if (_gs is not null)
            {
                issues.Add(_gs, "the functional group is not closed: no GE was read after it");
            }
            else if (_isa is not null)
            {
                issues.Add(_isa, "the interchange is not closed: no IEA was read after it");
            }
        }

        private X12Transaction Open(X12Segment isa, X12Segment gs, X12Segment st)
        {
            var transaction = new X12Transaction(isa, gs, st);
            transaction.Body = Body(transaction);
            return transaction;
        }

        // Ended is set only where the body really ends: a consumer that stops early leaves the rest to Drain.
        private IEnumerable<X12Segment> Body(X12Transaction transaction)
        {
            var count = 1;
            while (!issues.Full && Next() is { } segment)
            {
                switch (segment.Id)
                {
                    case "SE":
                        CheckCount(segment, 1, count + 1, "segments from ST to SE", issues);
                        CheckPair(segment, 2, transaction.Header, 2, issues);
                        transaction.Trailer = segment;
                        transaction.Ended = true;
                        yield break;
                    case "ST" or "GE" or "GS" or "IEA" or "ISA":
                        issues.Add(segment, segment.Id == "ST"
                            ? $"a new transaction set starts before the SE of the one at segment {transaction.Header.Number}"
                            : $"{segment.Id} before the SE of the transaction set at segment {transaction.Header.Number}");
                        _pending = segment;
                        transaction.Ended = true;
                        yield break;
                    default:
                        count++;
                        yield return segment;
                        break;
                }
            }

            if (!issues.Full)
            {
                _unclosed = transaction;
            }

            transaction.Ended = true;
        }

        private X12Segment? Next()
        {
            if (_pending is { } pending)
            {
                _pending = null;
                return pending;
            }

            return segments.MoveNext() ? segments.Current : null;
        }
    }

    private static void CheckIsa(X12Segment isa, X12IssueList issues)
    {
        if (!isa[13].All(char.IsAsciiDigit))
        {
            issues.Add(isa, "ISA13 is not a 9-digit control number");
        }

        if (isa[15] is not ("P" or "T"))
        {
            issues.Add(isa, "ISA15 is not P (production) or T (test)");
        }

        if (!isa[9].All(char.IsAsciiDigit) || !isa[10].All(char.IsAsciiDigit))
        {
            issues.Add(isa, "ISA09/ISA10 are not a date (YYMMDD) and time (HHMM)");
        }
    }

    private static void CheckCount(X12Segment trailer, int element, int actual, string what, X12IssueList issues)
    {
        var value = trailer[element];
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
        {
            issues.Add(trailer, $"{trailer.Name(element)} {X12Issue.Quote(value)}is not a count");
        }
        else if (declared != actual)
        {
            issues.Add(trailer, $"{trailer.Name(element)} says {declared} {what}; there are {actual}");
        }
    }

    private static void CheckPair(X12Segment trailer, int element, X12Segment header, int headerElement, X12IssueList issues)
    {
        if (!string.Equals(trailer[element].TrimStart('0'), header[headerElement].TrimStart('0'), StringComparison.Ordinal))
        {
            issues.Add(trailer, $"{trailer.Name(element)} control number {X12Issue.Quote(trailer[element])}does not match {header.Name(headerElement)} {X12Issue.Quote(header[headerElement])}(segment {header.Number})");
        }
    }
}
