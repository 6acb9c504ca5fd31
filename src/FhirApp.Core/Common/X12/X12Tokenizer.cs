namespace FhirApp.Core.Common.X12;

/// <summary>
/// Splits X12 text into segments. Each interchange declares its own separators in its fixed-width ISA (106 characters),
/// so a file may hold several interchanges with different delimiters. Line breaks after a segment terminator are
/// ignored. Hand-written because no X12 library is served here; kept to tokenizing: envelopes, loops and element rules
/// are checked by <see cref="X12Envelope"/>, <see cref="X12LoopMatcher"/> and <see cref="X12SegmentRule"/>.
/// </summary>
internal static class X12Tokenizer
{
    public const int IsaLength = 106;

    // Where the element separator stands in a well-formed ISA, and the fixed width of each of ISA01..ISA16.
    private static readonly int[] IsaWidths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

    /// <summary>True when the text (after a byte-order mark and white space) starts with an ISA segment.</summary>
    public static bool StartsWithIsa(ReadOnlySpan<char> text)
    {
        text = text.TrimStart('\uFEFF').TrimStart();
        return text.StartsWith("ISA", StringComparison.Ordinal) && text.Length > 3 && !char.IsAsciiLetterOrDigit(text[3]);
    }

    /// <summary>
    /// Every segment of every interchange in <paramref name="text"/>, one at a time, so a large file is never held as
    /// segments all at once; problems go to <paramref name="issues"/>.
    /// </summary>
    public static IEnumerable<X12Segment> Tokenize(string text, X12IssueList issues)
    {
        var pos = SkipWhitespace(text, 0);
        var number = 0;
        if (pos >= text.Length)
        {
            issues.Add(0, "", "the file is empty");
            yield break;
        }

        while (pos < text.Length && !issues.Full)
        {
            if (!text.AsSpan(pos).StartsWith("ISA", StringComparison.Ordinal))
            {
                issues.Add(number + 1, PeekId(text, pos), number == 0
                    ? "an X12 file must start with an ISA interchange header"
                    : "only another ISA interchange may follow an IEA");
                yield break;
            }

            if (!TryReadIsa(text, pos, out var separators, out var isa, out var problem))
            {
                issues.Add(number + 1, "ISA", problem);
                yield break;
            }

            yield return new X12Segment(++number, isa, separators);
            pos += IsaLength;
            var last = "ISA";
            var closed = false;
            // Separators that do not fit make every segment unreadable: say so once, with the count.
            var unreadable = 0;
            while (!issues.Full)
            {
                pos = SkipLineBreaks(text, pos);
                if (pos >= text.Length)
                {
                    if (unreadable > 1)
                    {
                        issues.Add(number, "", $"{unreadable - 1} more segments after the first unreadable one are not readable either");
                    }
                    else if (unreadable == 0)
                    {
                        issues.Add(number, last, "the file ends before the interchange's IEA: it is truncated");
                    }

                    yield break;
                }

                var end = text.IndexOf(separators.Segment, pos);
                if (end < 0)
                {
                    issues.Add(number + 1, PeekId(text, pos, separators.Element),
                        $"has no segment terminator {X12Separators.Show(separators.Segment)}: the file is truncated");
                    yield break;
                }

                var raw = text.AsSpan(pos, end - pos).Trim("\r\n");
                pos = end + 1;
                number++;
                last = "";
                if (raw.IsEmpty)
                {
                    issues.Add(number, "", "is empty (two segment terminators in a row)");
                    continue;
                }

                var elements = Split(raw, separators.Element);
                if (!IsSegmentId(elements[0]))
                {
                    if (unreadable++ == 0)
                    {
                        issues.Add(number, "", $"'{Clip(elements[0])}' is not a segment id: the file's separators ({separators.Describe()}, declared by its ISA) do not fit its segments");
                    }

                    continue;
                }

                last = elements[0];
                yield return new X12Segment(number, elements, separators);
                if (last == "IEA")
                {
                    closed = true;
                    break;
                }
            }

            if (!closed)
            {
                yield break;
            }

            pos = SkipWhitespace(text, pos);
        }
    }

    private static bool TryReadIsa(string text, int pos, out X12Separators separators, out string[] elements, out string problem)
    {
        separators = default;
        elements = [];
        if (text.Length - pos < IsaLength)
        {
            problem = $"the ISA is {text.Length - pos} characters long; it is a fixed-width segment of {IsaLength}: the file is truncated";
            return false;
        }

        var element = text[pos + 3];
        var at = pos + 3;
        elements = new string[17];
        elements[0] = "ISA";
        for (var i = 0; i < IsaWidths.Length; i++)
        {
            if (text[at] != element)
            {
                problem = $"ISA{i:00} is not {IsaWidths[i - 1]} characters (the ISA is fixed-width, {IsaLength} characters, with its element separator {X12Separators.Show(element)} at fixed places)";
                return false;
            }

            elements[i + 1] = text.Substring(at + 1, IsaWidths[i]);
            at += IsaWidths[i] + 1;
        }

        var component = text[pos + 104];
        var segment = text[pos + 105];
        var version = elements[12];
        // Before 5010 (00501), ISA11 was the standards identifier ('U'), not a separator.
        char? repetition = string.CompareOrdinal(version, "00501") >= 0 ? elements[11][0] : null;
        separators = new X12Separators(element, component, repetition, segment);
        var chars = new List<char> { element, component, segment };
        if (repetition is { } r)
        {
            chars.Add(r);
        }

        if (chars.Distinct().Count() != chars.Count)
        {
            problem = $"the ISA declares the same character twice among its separators ({separators.Describe()})";
            return false;
        }

        if (chars.Exists(c => char.IsAsciiLetterOrDigit(c) || c == ' ') || char.IsWhiteSpace(element) || char.IsWhiteSpace(component))
        {
            problem = $"the ISA declares a letter, digit or space as a separator ({separators.Describe()})";
            return false;
        }

        problem = "";
        return true;
    }

    // string.Split without first copying the segment into a string of its own: this runs once per segment.
    private static string[] Split(ReadOnlySpan<char> raw, char separator)
    {
        var elements = new string[raw.Count(separator) + 1];
        for (var i = 0; i < elements.Length; i++)
        {
            var next = raw.IndexOf(separator);
            elements[i] = (next < 0 ? raw : raw[..next]).ToString();
            raw = next < 0 ? default : raw[(next + 1)..];
        }

        return elements;
    }

    private static bool IsSegmentId(string id) =>
        id.Length is 2 or 3 && char.IsAsciiLetterUpper(id[0]) && (char.IsAsciiLetterUpper(id[1]) || char.IsAsciiDigit(id[1]))
        && (id.Length == 2 || char.IsAsciiLetterUpper(id[2]) || char.IsAsciiDigit(id[2]));

    private static int SkipWhitespace(string text, int pos)
    {
        while (pos < text.Length && (char.IsWhiteSpace(text[pos]) || text[pos] == '\uFEFF'))
        {
            pos++;
        }

        return pos;
    }

    private static int SkipLineBreaks(string text, int pos)
    {
        while (pos < text.Length && text[pos] is '\r' or '\n')
        {
            pos++;
        }

        return pos;
    }

    // The would-be id of an unreadable segment, for its message: up to 3 letters or digits, never data.
    private static string PeekId(string text, int pos, char separator = '*')
    {
        var end = pos;
        while (end < text.Length && end - pos < 3 && text[end] != separator && char.IsAsciiLetterOrDigit(text[end]))
        {
            end++;
        }

        return text[pos..end];
    }

    private static string Clip(string value) => value.Length <= 3 ? value : value[..3] + "…";
}
