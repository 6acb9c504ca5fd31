namespace FhirApp.Core.Common.X12;

/// <summary>
/// Places each segment of a transaction set in its loop, driven by an <see cref="X12LoopRule"/> table: a segment
/// belongs to the innermost open loop that allows it, or opens a child loop of it, else closes loops outward until one
/// does. Element rules are checked on the way. Order inside a loop is not enforced; uses, repeats and required
/// segments and loops are, as each loop closes. A caller that reads loops as they close (<paramref name="closed"/>) may
/// detach them, so a large transaction set is never held whole.
/// </summary>
internal static class X12LoopMatcher
{
    public static X12Loop Match(
        X12LoopRule root,
        X12Transaction transaction,
        IReadOnlyDictionary<string, X12SegmentRule> elements,
        bool strict,
        X12IssueList issues,
        Action<X12Loop>? closed = null)
    {
        var top = new X12Loop(root, transaction.Header, null);
        Validate(transaction.Header, elements, strict, issues);
        var current = top;
        foreach (var segment in transaction.Body)
        {
            if (issues.Full)
            {
                break;
            }

            if (!Validate(segment, elements, strict, issues))
            {
                continue;
            }

            var target = current;
            var place = -1;
            while (target is not null && (place = Find(target.Rule, segment)) < 0)
            {
                target = target.Parent;
            }

            if (target is null)
            {
                issues.Add(segment, $"{segment.Id} is not expected here (in loop {current.Rule.Name}, which began at segment {current.Trigger.Number})");
                continue;
            }

            // Loops inside the one that takes the segment are complete: close them first, so a caller can detach them.
            for (var done = current; done != target; done = done.Parent!)
            {
                Close(done, issues, closed);
            }

            current = Place(target, place, segment, issues);
        }

        if (transaction.Trailer is { } trailer)
        {
            Validate(trailer, elements, strict, issues);
        }

        for (var done = current; done is not null; done = done.Parent)
        {
            Close(done, issues, closed);
        }

        return top;
    }

    // Where a loop takes the segment: index of its segment use, or Segments.Count + index of the child loop it opens; -1 if nowhere.
    private static int Find(X12LoopRule rule, X12Segment segment)
    {
        for (var i = 0; i < rule.Segments.Count; i++)
        {
            if (rule.Segments[i].Key.Matches(segment))
            {
                return i;
            }
        }

        for (var i = 0; i < rule.Loops.Count; i++)
        {
            if (rule.Loops[i].Trigger.Matches(segment))
            {
                return rule.Segments.Count + i;
            }
        }

        return -1;
    }

    // Puts the segment where Find said; returns the loop that is now innermost.
    private static X12Loop Place(X12Loop loop, int place, X12Segment segment, X12IssueList issues)
    {
        var rule = loop.Rule;
        if (place < rule.Segments.Count)
        {
            var use = rule.Segments[place];
            if (loop.CountUse(place) > use.MaxUse)
            {
                issues.Add(segment, $"{use.Key.Describe()} repeats: loop {rule.Name} allows it {Times(use.MaxUse)}");
            }

            loop.Segments.Add(segment);
            return loop;
        }

        var index = place - rule.Segments.Count;
        var child = rule.Loops[index];
        if (loop.CountRepeat(index) > child.MaxRepeat)
        {
            issues.Add(segment, $"{child.Trigger.Describe()} repeats: loop {child.Name} may occur {Times(child.MaxRepeat)} in loop {rule.Name}");
        }

        var opened = new X12Loop(child, segment, loop);
        loop.Loops.Add(opened);
        return opened;
    }

    // A loop is complete: check what it requires, then hand it to the caller.
    private static void Close(X12Loop loop, X12IssueList issues, Action<X12Loop>? closed)
    {
        var rule = loop.Rule;
        for (var i = 0; i < rule.Segments.Count; i++)
        {
            if (rule.Segments[i].Required && loop.Uses(i) == 0)
            {
                issues.Add(loop.Trigger, $"loop {rule.Name} has no {rule.Segments[i].Key.Describe()}, which it requires");
            }
        }

        for (var i = 0; i < rule.Loops.Count; i++)
        {
            if (rule.Loops[i].Required && loop.Repeats(i) == 0)
            {
                issues.Add(loop.Trigger, $"loop {rule.Name} has no loop {rule.Loops[i].Name} ({rule.Loops[i].Trigger.Describe()}), which it requires");
            }
        }

        closed?.Invoke(loop);
    }

    // False for a segment id the table does not know (reported once, and not placed in a loop).
    private static bool Validate(X12Segment segment, IReadOnlyDictionary<string, X12SegmentRule> elements, bool strict, X12IssueList issues)
    {
        if (elements.TryGetValue(segment.Id, out var rule))
        {
            rule.Validate(segment, strict, issues);
            return true;
        }

        issues.Add(segment, $"{segment.Id} is not a segment of this transaction set");
        return false;
    }

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";
}
