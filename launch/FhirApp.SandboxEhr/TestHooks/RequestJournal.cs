namespace FhirApp.SandboxEhr.TestHooks;

internal sealed class RequestJournal
{
    private const int Capacity = 10_000;
    private readonly Lock _gate = new();
    private readonly LinkedList<JournalEntry> _entries = new();

    public void Add(JournalEntry entry)
    {
        lock (_gate)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<JournalEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
