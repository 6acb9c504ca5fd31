namespace FhirApp.Core.Common.X12;

/// <summary>
/// One problem in an X12 file, named by the segment's position in the file (1 = the first ISA) and its id. Messages
/// never quote free text, names or dates: only codes, amounts and counts, so they can be logged without PHI.
/// </summary>
public sealed record X12Issue(int SegmentNumber, string SegmentId, string Message)
{
    /// <summary>"segment 14 (CLP): CLP03 'A1' is not a number", or the bare message when no segment applies.</summary>
    public override string ToString() =>
        SegmentNumber > 0 ? $"segment {SegmentNumber} ({(SegmentId.Length > 0 ? SegmentId : "?")}): {Message}" : Message;
}
