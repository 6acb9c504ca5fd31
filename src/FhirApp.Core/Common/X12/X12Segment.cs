namespace FhirApp.Core.Common.X12;

/// <summary>One segment as read: its position in the file, its id and its elements (index 1 = the first element).</summary>
internal sealed class X12Segment(int number, string[] elements, X12Separators separators)
{
    /// <summary>Position in the file, 1 = the first ISA.</summary>
    public int Number => number;

    public string Id => elements[0];

    /// <summary>How many elements the segment carries (trailing empty ones included when written).</summary>
    public int ElementCount => elements.Length - 1;

    public X12Separators Separators => separators;

    /// <summary>Element <paramref name="index"/> (1-based), or "" when absent.</summary>
    public string this[int index] => index > 0 && index < elements.Length ? elements[index] : "";

    /// <summary>Component <paramref name="component"/> (1-based) of element <paramref name="index"/>, or "".</summary>
    public string Component(int index, int component)
    {
        var value = this[index].AsSpan();
        for (var i = 1; i < component; i++)
        {
            var next = value.IndexOf(separators.Component);
            if (next < 0)
            {
                return "";
            }

            value = value[(next + 1)..];
        }

        var end = value.IndexOf(separators.Component);
        return (end < 0 ? value : value[..end]).ToString();
    }

    /// <summary>The components of element <paramref name="index"/>.</summary>
    public string[] Components(int index) => this[index].Split(separators.Component);

    /// <summary>"CLP03".</summary>
    public string Name(int index) => Id + index.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}
