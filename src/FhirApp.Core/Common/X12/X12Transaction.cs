namespace FhirApp.Core.Common.X12;

/// <summary>One complete ST…SE transaction set with the envelopes around it.</summary>
internal sealed record X12Transaction(X12Segment Interchange, X12Segment Group, X12Segment Header, IReadOnlyList<X12Segment> Body, X12Segment Trailer)
{
    /// <summary>ST01: 835, 837…</summary>
    public string SetId => Header[1];

    /// <summary>ST02.</summary>
    public string ControlNumber => Header[2];
}
