using System.Globalization;
using System.Text;

namespace FhirApp.Core.Common.X12;

/// <summary>
/// Writes X12 segments with one set of separators, counting the segments of the open transaction set for its SE.
/// Free text goes through <see cref="Text"/>, which removes the separators so a value can never split an element.
/// </summary>
internal sealed class X12Builder(X12Separators separators, bool lineBreaks = false)
{
    private readonly StringBuilder _text = new();

    public X12Separators Separators => separators;

    /// <summary>Segments written since the last <see cref="StartTransaction"/>, the ST included.</summary>
    public int TransactionSegments { get; private set; }

    /// <summary>The fixed-width ISA (106 characters).</summary>
    public X12Builder Isa(string senderQualifier, string senderId, string receiverQualifier, string receiverId, DateTime created, int controlNumber, char usage)
    {
        var fields = new[]
        {
            "ISA", "00", new string(' ', 10), "00", new string(' ', 10),
            Fixed(senderQualifier, 2), Fixed(senderId, 15), Fixed(receiverQualifier, 2), Fixed(receiverId, 15),
            created.ToString("yyMMdd", CultureInfo.InvariantCulture), created.ToString("HHmm", CultureInfo.InvariantCulture),
            (separators.Repetition ?? 'U').ToString(), "00501", ControlNumber(controlNumber), "0", usage.ToString(), separators.Component.ToString(),
        };
        _text.Append(string.Join(separators.Element, fields)).Append(separators.Segment);
        if (lineBreaks)
        {
            _text.Append('\n');
        }

        return this;
    }

    public X12Builder StartTransaction()
    {
        TransactionSegments = 0;
        return this;
    }

    /// <summary>One segment; trailing empty elements are dropped, as X12 requires.</summary>
    public X12Builder Segment(string id, params string?[] elements)
    {
        var count = elements.Length;
        while (count > 0 && string.IsNullOrEmpty(elements[count - 1]))
        {
            count--;
        }

        _text.Append(id);
        for (var i = 0; i < count; i++)
        {
            _text.Append(separators.Element).Append(elements[i]);
        }

        _text.Append(separators.Segment);
        if (lineBreaks)
        {
            _text.Append('\n');
        }

        TransactionSegments++;
        return this;
    }

    /// <summary>Components joined by the component separator, trailing empty ones dropped.</summary>
    public string Composite(params string?[] components)
    {
        var count = components.Length;
        while (count > 0 && string.IsNullOrEmpty(components[count - 1]))
        {
            count--;
        }

        return string.Join(separators.Component, components.Take(count).Select(c => c ?? ""));
    }

    /// <summary>Free text made safe for an element: separators and control characters become spaces, runs of spaces one, trimmed, cut to <paramref name="max"/>.</summary>
    public string Text(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var clean = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            var safe = char.IsControl(c) || c == separators.Element || c == separators.Component || c == separators.Segment || c == separators.Repetition ? ' ' : c;
            if (safe != ' ' || (clean.Length > 0 && clean[^1] != ' '))
            {
                clean.Append(safe);
            }
        }

        var text = clean.ToString().Trim();
        return text.Length <= max ? text : text[..max].TrimEnd();
    }

    /// <summary>An amount as X12 writes it: no trailing zeros after the point, no point for whole numbers.</summary>
    public static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string ControlNumber(int value) => value.ToString("D9", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();

    private static string Fixed(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);
}
