using System.Globalization;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Ordered and referred services need the ordering or referring provider on the claim: imaging (CPT 70010–79999),
/// therapy (97010–97799) and DME (HCPCS E, K and L codes). A hold (CO-16 with N264 / N286), except where the claim
/// shows the rendering provider ordering it in the same visit (an E/M on the claim) and the payer's policy does not
/// demand the field: then a review, because many commercial payers accept the rendering provider as the orderer.
/// </summary>
public sealed class ReferringProviderRule : IScrubRule
{
    public string Id => "missing.referring-provider";

    public FindingCategory Category => FindingCategory.MissingInformation;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Facts.HasReferringProvider)
        {
            yield break;
        }
        var selfOrdered = input.Facts.Lines.Any(l => IsEvaluationAndManagement(l.Code));
        var policyClause = input.Policy?.OrderingProviderClause;
        foreach (var line in input.Facts.Lines)
        {
            if (KindOf(line.Code) is not { } kind)
            {
                continue;
            }
            var hold = policyClause is not null || !selfOrdered;
            yield return new ScrubFinding
            {
                RuleId = Id,
                Category = Category,
                Severity = hold ? FindingSeverity.Hold : FindingSeverity.Review,
                PredictedCarc = "CO-16",
                Message = hold
                    ? $"{line.Code} ({kind}) has no referring or ordering provider. Add the ordering provider's name and NPI; the payer returns CO-16 with RARC N264 / N286 without them."
                    : $"{line.Code} ({kind}) has no referring or ordering provider. If the rendering provider ordered it during this visit, enter that provider as the ordering provider; otherwise add the one who did.",
                Source = policyClause is not null ? input.Policy!.Cite(policyClause) : StandardSources.OrderingProvider,
                Trigger = [$"line {line.Sequence} = {line.Code}", "referring / ordering provider = (none)", .. selfOrdered ? new[] { "E/M on the same claim = yes" } : []],
                LineSequence = line.Sequence,
            };
        }
    }

    /// <summary>"imaging", "therapy" or "DME" for codes that are ordered or referred; null otherwise.</summary>
    internal static string? KindOf(string code)
    {
        if (code.Length == 5 && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number switch
            {
                >= 70010 and <= 79999 => "imaging",
                >= 97010 and <= 97799 => "therapy",
                _ => null,
            };
        }
        return code.Length == 5 && code[0] is 'E' or 'K' or 'L' && code[1..].All(char.IsAsciiDigit) ? "DME" : null;
    }

    private static bool IsEvaluationAndManagement(string code) =>
        code.Length == 5 && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 99202 and <= 99499;
}
