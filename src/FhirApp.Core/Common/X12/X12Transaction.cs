namespace FhirApp.Core.Common.X12;

/// <summary>
/// One ST…SE transaction set with the envelopes around it. Its body streams from the file: enumerate it once, fully,
/// before asking the envelope for the next transaction set; <see cref="Trailer"/> is known after that (null when the
/// file ended or another envelope began before the SE, which the envelope reports).
/// </summary>
internal sealed class X12Transaction(X12Segment interchange, X12Segment group, X12Segment header)
{
    public X12Segment Interchange => interchange;

    public X12Segment Group => group;

    public X12Segment Header => header;

    /// <summary>The segments between ST and SE, read once.</summary>
    public IEnumerable<X12Segment> Body { get; internal set; } = [];

    /// <summary>The SE, once the body has been read; null when there was none.</summary>
    public X12Segment? Trailer { get; internal set; }

    /// <summary>True once the body has been read to its end.</summary>
    internal bool Ended { get; set; }

    /// <summary>ST01: 835, 837…</summary>
    public string SetId => Header[1];

    /// <summary>ST02.</summary>
    public string ControlNumber => Header[2];
}
