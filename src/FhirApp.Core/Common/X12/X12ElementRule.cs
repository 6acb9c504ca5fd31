using System.Globalization;

namespace FhirApp.Core.Common.X12;

/// <summary>One element (or component) of a segment rule: usage, type, length and, for codes, the values allowed.</summary>
internal sealed record X12ElementRule(bool Required, X12DataType Type, int Min, int Max)
{
    /// <summary>Allowed codes; null = any.</summary>
    public IReadOnlySet<string>? Codes { get; init; }

    /// <summary>The components of a composite.</summary>
    public IReadOnlyList<X12ElementRule?> Components { get; init; } = [];

    /// <summary>Mandatory (M) or required by the implementation guide.</summary>
    public static X12ElementRule M(X12DataType type, int min, int max, params string[] codes) => new(true, type, min, max) { Codes = CodeSet(codes) };

    /// <summary>Optional or situational.</summary>
    public static X12ElementRule O(X12DataType type, int min, int max, params string[] codes) => new(false, type, min, max) { Codes = CodeSet(codes) };

    public static X12ElementRule MC(params X12ElementRule?[] components) => new(true, X12DataType.Composite, 0, 0) { Components = components };

    public static X12ElementRule OC(params X12ElementRule?[] components) => new(false, X12DataType.Composite, 0, 0) { Components = components };

    private static HashSet<string>? CodeSet(string[] codes) => codes.Length == 0 ? null : new HashSet<string>(codes, StringComparer.Ordinal);

    /// <summary>
    /// What is wrong with <paramref name="value"/>, or null. Only codes, numbers and lengths are quoted back: a message
    /// never carries a name, an identifier or a date (see <see cref="X12Issue"/>).
    /// </summary>
    /// <remarks>The element's name is only formatted when there is a problem: this runs for every element of every segment.</remarks>
    public string? Check(X12Segment segment, int index, int component, string value, bool checkLengths)
    {
        var problem = Problem(value, checkLengths);
        return problem is null ? null : (component == 0 ? segment.Name(index) : $"{segment.Name(index)}-{component}") + " " + problem;
    }

    private string? Problem(string value, bool checkLengths)
    {
        if (value.Length == 0)
        {
            return Required ? "is required" : null;
        }

        if (Codes is not null && !Codes.Contains(value))
        {
            return $"{X12Issue.Quote(value, 3)}is not one of {string.Join(", ", Codes)}";
        }

        switch (Type)
        {
            case X12DataType.R:
                if (!IsDecimal(value, out var digits))
                {
                    return $"{X12Issue.Quote(value)}is not a number";
                }

                return checkLengths && (digits < Min || digits > Max) ? $"has {digits} digits; {Min} to {Max} allowed" : null;
            case X12DataType.N0:
                return IsInteger(value) ? LengthProblem(value.TrimStart('-').Length, checkLengths) : $"{X12Issue.Quote(value)}is not a whole number";
            case X12DataType.DT:
                return IsDate(value, Max) ? null : $"is not a date ({(Max == 6 ? "YYMMDD" : "CCYYMMDD")})";
            case X12DataType.TM:
                return IsTime(value) ? null : "is not a time (HHMM[SS])";
            default:
                return LengthProblem(value.Length, checkLengths);
        }
    }

    private string? LengthProblem(int length, bool checkLengths) =>
        checkLengths && (length < Min || length > Max) ? $"is {length} characters; {Min} to {Max} allowed" : null;

    /// <summary>An X12 decimal: optional minus, digits with at most one decimal point; <paramref name="digits"/> excludes sign and point.</summary>
    public static bool IsDecimal(string value, out int digits)
    {
        digits = 0;
        var point = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else if (!(c == '-' && i == 0))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static bool IsInteger(string value) =>
        value.Length > 0 && (value[0] == '-' ? value.Length > 1 && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0 : value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0);

    public static bool IsDate(string value, int max = 8) =>
        value.Length == (max == 6 ? 6 : 8)
        && DateOnly.TryParseExact(value, max == 6 ? "yyMMdd" : "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsTime(string value) =>
        value.Length is 4 or 6 or 7 or 8
        && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
        && int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture) < 24
        && int.Parse(value.AsSpan(2, 2), CultureInfo.InvariantCulture) < 60
        && (value.Length == 4 || int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture) < 60);

}
