namespace FhirApp.Core.Common.X12;

/// <summary>A segment id, optionally narrowed by the code in one of its elements (N1*PR, HL with HL03 = 22, DTP*472).</summary>
internal sealed record X12SegmentKey(string Id, int Element = 0, params string[] Qualifiers)
{
    public bool Matches(X12Segment segment) =>
        segment.Id == Id && (Qualifiers.Length == 0 || Array.IndexOf(Qualifiers, segment[Element]) >= 0);

    /// <summary>"N1*PR", "HL (HL03 = 22)", or the bare id.</summary>
    public string Describe() => Qualifiers.Length == 0
        ? Id
        : Element == 1 ? $"{Id}*{string.Join("/", Qualifiers)}" : $"{Id} ({Id}{Element:00} = {string.Join("/", Qualifiers)})";
}
