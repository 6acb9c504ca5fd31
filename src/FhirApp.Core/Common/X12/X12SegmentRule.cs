namespace FhirApp.Core.Common.X12;

/// <summary>
/// The elements of one segment as an implementation guide defines them: index 0 = element 01; null = not used.
/// </summary>
internal sealed record X12SegmentRule(string Id, IReadOnlyList<X12ElementRule?> Elements)
{
    public static X12SegmentRule Of(string id, params X12ElementRule?[] elements) => new(id, elements);

    /// <summary>
    /// Checks a segment against the rule. Strict (what we write): lengths, unused elements and extra elements too.
    /// Lenient (what payers send): required elements, types and codes only, so a long payer name does not cost a
    /// whole remittance.
    /// </summary>
    public void Validate(X12Segment segment, bool strict, X12IssueList issues)
    {
        if (strict && segment.ElementCount > Elements.Count)
        {
            issues.Add(segment, $"has {segment.ElementCount} elements; {Id} has {Elements.Count}");
        }

        for (var i = 0; i < Elements.Count; i++)
        {
            var rule = Elements[i];
            var value = segment[i + 1];
            if (rule is null)
            {
                if (strict && value.Length > 0)
                {
                    issues.Add(segment, $"{segment.Name(i + 1)} is not used in this implementation guide");
                }

                continue;
            }

            if (rule.Type != X12DataType.Composite)
            {
                if (rule.Check(segment, i + 1, 0, value, strict) is { } problem)
                {
                    issues.Add(segment, problem);
                }

                continue;
            }

            if (value.Length == 0)
            {
                if (rule.Required)
                {
                    issues.Add(segment, $"{segment.Name(i + 1)} is required");
                }

                continue;
            }

            var components = segment.Components(i + 1);
            if (strict && components.Length > rule.Components.Count)
            {
                issues.Add(segment, $"{segment.Name(i + 1)} has {components.Length} components; at most {rule.Components.Count}");
            }

            for (var c = 0; c < rule.Components.Count; c++)
            {
                var component = rule.Components[c];
                var text = c < components.Length ? components[c] : "";
                if (component is null)
                {
                    if (strict && text.Length > 0)
                    {
                        issues.Add(segment, $"{segment.Name(i + 1)}-{c + 1} is not used in this implementation guide");
                    }
                }
                else if (component.Check(segment, i + 1, c + 1, text, strict) is { } problem)
                {
                    issues.Add(segment, problem);
                }
            }
        }
    }
}
