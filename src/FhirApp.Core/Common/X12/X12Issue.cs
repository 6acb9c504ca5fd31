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

    /// <summary>
    /// "'9' " for a short number worth quoting back, else "": a lost or stray separator can shift a name or a member id
    /// into any element (the fuzz tests found 'KING' in NM102), so only values that cannot be either are quoted.
    /// </summary>
    internal static string Quote(string value, int max = 9) =>
        value.Length is > 0 and <= 9 && value.Length <= max && value.All(c => char.IsAsciiDigit(c) || c is '.' or '-') ? $"'{value}' " : "";
}
