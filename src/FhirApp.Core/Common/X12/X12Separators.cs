namespace FhirApp.Core.Common.X12;

/// <summary>
/// The delimiters of one interchange, declared by its ISA: the element separator is the ISA's fourth character, the
/// repetition separator ISA11 (5010 and later; none before), the component separator ISA16, and the segment
/// terminator the character after ISA16.
/// </summary>
internal readonly record struct X12Separators(char Element, char Component, char? Repetition, char Segment)
{
    /// <summary>The common choice, and what the app writes: <c>* : ^ ~</c>.</summary>
    public static X12Separators Default { get; } = new('*', ':', '^', '~');

    /// <summary>In words, for messages: "element '*', component ':', repetition '^', segment '~'".</summary>
    public string Describe() =>
        $"element {Show(Element)}, component {Show(Component)}, repetition {(Repetition is { } r ? Show(r) : "none")}, segment {Show(Segment)}";

    internal static string Show(char c) => c switch
    {
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        _ when char.IsControl(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
