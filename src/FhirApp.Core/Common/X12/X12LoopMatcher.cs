namespace FhirApp.Core.Common.X12;

/// <summary>
/// Places each segment of a transaction set in its loop, driven by an <see cref="X12LoopRule"/> table: a segment
/// belongs to the innermost open loop that allows it, or opens a child loop of it, else closes loops outward until one
/// does. Element rules are checked on the way. Order inside a loop is not enforced; uses, repeats and required
/// segments and loops are.
/// </summary>
internal static class X12LoopMatcher
{
    public static X12Loop Match(
        X12LoopRule root,
        X12Transaction transaction,
        IReadOnlyDictionary<string, X12SegmentRule> elements,
        bool strict,
        X12IssueList issues)
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

            var placed = false;
            for (var loop = current; loop is not null && !placed; loop = loop.Parent)
            {
                placed = TryPlace(loop, segment, issues, ref current);
            }

            if (!placed)
            {
                issues.Add(segment, $"{segment.Id} is not expected here (in loop {current.Rule.Name}, which began at segment {current.Trigger.Number})");
            }
        }

        Validate(transaction.Trailer, elements, strict, issues);
        CheckRequired(top, issues);
        return top;
    }

    private static bool TryPlace(X12Loop loop, X12Segment segment, X12IssueList issues, ref X12Loop current)
    {
        var rule = loop.Rule;
        for (var i = 0; i < rule.Segments.Count; i++)
        {
            var use = rule.Segments[i];
            if (!use.Key.Matches(segment))
            {
                continue;
            }

            if (loop.CountUse(i) > use.MaxUse)
            {
                issues.Add(segment, $"{use.Key.Describe()} repeats: loop {rule.Name} allows it {Times(use.MaxUse)}");
            }

            loop.Segments.Add(segment);
            current = loop;
            return true;
        }

        for (var i = 0; i < rule.Loops.Count; i++)
        {
            var child = rule.Loops[i];
            if (!child.Trigger.Matches(segment))
            {
                continue;
            }

            if (loop.CountRepeat(i) > child.MaxRepeat)
            {
                issues.Add(segment, $"{child.Trigger.Describe()} repeats: loop {child.Name} may occur {Times(child.MaxRepeat)} in loop {rule.Name}");
            }

            var opened = new X12Loop(child, segment, loop);
            loop.Loops.Add(opened);
            current = opened;
            return true;
        }

        return false;
    }

    private static void CheckRequired(X12Loop loop, X12IssueList issues)
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

        foreach (var child in loop.Loops)
        {
            CheckRequired(child, issues);
        }
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
