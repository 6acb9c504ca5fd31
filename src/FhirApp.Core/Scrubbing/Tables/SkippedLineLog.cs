namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>Counts skipped lines of one file and keeps the first few reasons (a wholly wrong file would otherwise flood the log).</summary>
internal sealed class SkippedLineLog(string fileName)
{
    private const int MaxIssuesPerFile = 20;

    private readonly List<string> _issues = [];

    public int Count { get; private set; }

    public IReadOnlyList<string> Issues => _issues;

    public void Skip(int lineNumber, string reason)
    {
        Count++;
        if (_issues.Count < MaxIssuesPerFile)
        {
            _issues.Add($"{fileName} line {lineNumber}: {reason}");
        }
        else if (_issues.Count == MaxIssuesPerFile)
        {
            _issues.Add($"{fileName}: more skipped lines not listed");
        }
    }

    public TableReadResult<T> Result<T>(IReadOnlyList<T> rows) => new(rows, Count, _issues);
}
