namespace FhirApp.Core.Common.X12;

/// <summary>One occurrence of a loop in a transaction: the segment that opened it, its own segments and its child loops.</summary>
internal sealed class X12Loop(X12LoopRule rule, X12Segment trigger, X12Loop? parent)
{
    private readonly int[] _uses = new int[rule.Segments.Count];
    private readonly int[] _repeats = new int[rule.Loops.Count];

    public X12LoopRule Rule => rule;

    public X12Segment Trigger => trigger;

    public X12Loop? Parent => parent;

    /// <summary>The loop's segments after its trigger, in file order.</summary>
    public List<X12Segment> Segments { get; } = [];

    public List<X12Loop> Loops { get; } = [];

    /// <summary>The loop's segments with this id (and qualifier in element 1, when given).</summary>
    public IEnumerable<X12Segment> All(string id, string? qualifier = null) =>
        Segments.Where(s => s.Id == id && (qualifier is null || s[1] == qualifier));

    public X12Segment? First(string id, string? qualifier = null)
    {
        foreach (var segment in Segments)
        {
            if (segment.Id == id && (qualifier is null || segment[1] == qualifier))
            {
                return segment;
            }
        }

        return null;
    }

    /// <summary>Child loops of the named rule.</summary>
    public IEnumerable<X12Loop> Children(string name) => Loops.Where(l => l.Rule.Name == name);

    /// <summary>Drops this (closed, last) loop from its parent once its content has been read, to free its segments.</summary>
    public void Detach()
    {
        if (parent is not null && parent.Loops.Count > 0 && ReferenceEquals(parent.Loops[^1], this))
        {
            parent.Loops.RemoveAt(parent.Loops.Count - 1);
        }
    }

    internal int CountUse(int index) => ++_uses[index];

    internal int CountRepeat(int index) => ++_repeats[index];

    internal int Uses(int index) => _uses[index];

    internal int Repeats(int index) => _repeats[index];
}
