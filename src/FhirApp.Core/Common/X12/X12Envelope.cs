using System.Globalization;

namespace FhirApp.Core.Common.X12;

/// <summary>
/// Walks the envelopes (ISA/IEA, GS/GE, ST/SE) of tokenized segments and returns the complete transaction sets. Checks
/// that each envelope is closed, that the counts agree (SE01 = segments from ST to SE, GE01 = transaction sets in the
/// group, IEA01 = groups in the interchange) and that the control numbers pair up (ST02 = SE02, GS06 = GE02,
/// ISA13 = IEA02).
/// </summary>
internal static class X12Envelope
{
    /// <summary>The complete transaction sets, one at a time as the segments stream in.</summary>
    public static IEnumerable<X12Transaction> Split(IEnumerable<X12Segment> segments, X12IssueList issues)
    {
        X12Segment? isa = null, gs = null, st = null;
        List<X12Segment>? body = null;
        int groups = 0, sets = 0;
        foreach (var segment in segments)
        {
            if (issues.Full)
            {
                break;
            }

            switch (segment.Id)
            {
                case "ISA":
                    if (isa is not null)
                    {
                        issues.Add(segment, $"a new interchange starts before the IEA of the one at segment {isa.Number}");
                    }

                    CheckIsa(segment, issues);
                    isa = segment;
                    gs = st = null;
                    groups = 0;
                    break;
                case "GS":
                    if (isa is null)
                    {
                        issues.Add(segment, "a functional group outside an interchange (no ISA before it)");
                    }
                    else if (gs is not null)
                    {
                        issues.Add(segment, $"a new functional group starts before the GE of the one at segment {gs.Number}");
                    }

                    gs = segment;
                    st = null;
                    sets = 0;
                    groups++;
                    break;
                case "ST":
                    if (gs is null)
                    {
                        issues.Add(segment, "a transaction set outside a functional group (no GS before it)");
                    }
                    else if (st is not null)
                    {
                        issues.Add(segment, $"a new transaction set starts before the SE of the one at segment {st.Number}");
                    }

                    st = segment;
                    body = [];
                    sets++;
                    break;
                case "SE":
                    if (st is null || body is null)
                    {
                        issues.Add(segment, "SE without an ST before it");
                        break;
                    }

                    CheckCount(segment, 1, body.Count + 2, "segments from ST to SE", issues);
                    CheckPair(segment, 2, st, 2, issues);
                    var complete = isa is not null && gs is not null ? new X12Transaction(isa, gs, st, body, segment) : null;
                    st = null;
                    body = null;
                    if (complete is not null)
                    {
                        yield return complete;
                    }

                    break;
                case "GE":
                    if (st is not null)
                    {
                        issues.Add(segment, $"GE before the SE of the transaction set at segment {st.Number}");
                        st = null;
                    }

                    if (gs is null)
                    {
                        issues.Add(segment, "GE without a GS before it");
                        break;
                    }

                    CheckCount(segment, 1, sets, "transaction sets in the group", issues);
                    CheckPair(segment, 2, gs, 6, issues);
                    gs = null;
                    break;
                case "IEA":
                    if (gs is not null)
                    {
                        issues.Add(segment, $"IEA before the GE of the functional group at segment {gs.Number}");
                        gs = st = null;
                    }

                    if (isa is null)
                    {
                        issues.Add(segment, "IEA without an ISA before it");
                        break;
                    }

                    CheckCount(segment, 1, groups, "functional groups in the interchange", issues);
                    CheckPair(segment, 2, isa, 13, issues);
                    isa = null;
                    break;
                default:
                    if (body is null)
                    {
                        issues.Add(segment, "a segment outside any transaction set (between ST and SE)");
                    }
                    else
                    {
                        body.Add(segment);
                    }

                    break;
            }
        }

        // The tokenizer already said where a truncated or unreadable file stops; these name the envelope left open.
        if (st is not null && !issues.Full)
        {
            issues.Add(st, "the transaction set is not closed: no SE was read after it");
        }
        else if (gs is not null && !issues.Full)
        {
            issues.Add(gs, "the functional group is not closed: no GE was read after it");
        }
        else if (isa is not null && !issues.Full)
        {
            issues.Add(isa, "the interchange is not closed: no IEA was read after it");
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
