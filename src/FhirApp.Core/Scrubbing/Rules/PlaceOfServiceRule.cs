using FhirApp.Core.Scrubbing.Corrections;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Place of service on every line of a professional claim, and a code in the CMS place-of-service table. The table
/// check is skipped while the code tables carry no place-of-service list (nothing to check against).
/// </summary>
public sealed class PlaceOfServiceRule : IScrubRule
{
    public string Id => "missing.place-of-service";

    public FindingCategory Category => FindingCategory.MissingInformation;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Institutional claims carry a type of bill instead.
        if (input.Context.Claim?.Type?.Coding.Any(c => c.Code is "institutional" or "pharmacy") == true)
        {
            yield break;
        }
        var table = input.Codes.PlacesOfService;
        foreach (var line in input.Facts.Lines)
        {
            if (string.IsNullOrWhiteSpace(line.PlaceOfService))
            {
                yield return Finding(Id, line, $"Line {line.Sequence} ({line.Code}) has no place of service. Enter where the service was given (RARC M77 otherwise).",
                    StandardSources.PlaceOfService, "place of service = (none)") with
                {
                    Fix = SiblingPlace(input.Facts, line, table) is { } pos
                        ? ClaimFix.SetPlaceOfService(line.Sequence, pos, $"the claim's other lines on the same date were given at place of service {pos}")
                        : null,
                };
            }
            else if (table.Count > 0 && !table.ContainsKey(line.PlaceOfService.Trim()))
            {
                yield return Finding("missing.place-of-service-invalid", line,
                    $"Line {line.Sequence} ({line.Code}) has place of service {line.PlaceOfService}, which is not a CMS place-of-service code. Correct it (RARC M77 otherwise).",
                    input.Codes.PlaceOfServiceSource, $"place of service = {line.PlaceOfService}");
            }
        }
    }

    /// <summary>The one valid place of service the claim's other lines on the same date agree on, or null.</summary>
    private static string? SiblingPlace(ClaimFacts facts, ClaimLineFacts line, IReadOnlyDictionary<string, string> table)
    {
        var places = facts.Lines
            .Where(l => l.Sequence != line.Sequence && l.ServiceDate == line.ServiceDate && !string.IsNullOrWhiteSpace(l.PlaceOfService))
            .Select(l => l.PlaceOfService!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return places.Count == 1 && (table.Count == 0 || table.ContainsKey(places[0])) ? places[0] : null;
    }

    private ScrubFinding Finding(string ruleId, ClaimLineFacts line, string message, SourceCitation source, string trigger) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = FindingSeverity.Hold,
        PredictedCarc = "CO-16",
        Message = message,
        Source = source,
        Trigger = [$"line {line.Sequence} = {line.Code}", trigger],
        LineSequence = line.Sequence,
    };
}
