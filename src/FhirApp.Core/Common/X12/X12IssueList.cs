namespace FhirApp.Core.Common.X12;

/// <summary>
/// Collects the issues of one file, up to a cap: a file of garbage would otherwise yield one issue per byte, and the
/// first few say what is wrong.
/// </summary>
internal sealed class X12IssueList(int cap = 50)
{
    private readonly List<X12Issue> _issues = [];

    public int Count => _issues.Count;

    /// <summary>True once the cap is reached: readers stop early.</summary>
    public bool Full => _issues.Count >= cap;

    public IReadOnlyList<X12Issue> Items => _issues;

    public void Add(int segmentNumber, string segmentId, string message)
    {
        if (!Full)
        {
            _issues.Add(new X12Issue(segmentNumber, segmentId, message));
        }
    }

    public void Add(X12Segment segment, string message) => Add(segment.Number, segment.Id, message);
}
