using System.Text;
using Hl7.Fhir.Utility;

namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Sorts Firely's strict-mode deserialization issues into lenient fix-ups (the POCO is safe to use) and fatal ones
/// (a typed property of the POCO would throw, or the data is lost). Builds messages from error codes and element
/// paths only: Firely's own messages quote values, which may be PHI.
/// </summary>
/// <remarks>
/// Firely's Recoverable/Ostrich modes hide the fatal cases too: a Money.value of "abc" is accepted and then
/// <c>Money.Value</c> throws on access. So the reader parses strictly and decides here, per error code.
/// </remarks>
internal static class FhirParseIssueClassifier
{
    /// <summary>An invalid literal, kept as text by Firely (typed getters of <c>instant</c> then throw).</summary>
    public const string InvalidLiteralCode = "PVAL124";

    private const int MaxPathsPerKind = 5;

    // Codes whose data either binds to the POCO or is kept in overflow without making any typed getter throw.
    private static readonly Dictionary<string, string> LenientCodes = new(StringComparer.Ordinal)
    {
        ["PVAL128"] = "unknown element",
        ["PVAL105"] = "missing required element",
        ["PVAL131"] = "wrongly cased element",
        ["PVAL129"] = "empty element",
        ["JSON109"] = "null value",
        ["JSON120"] = "empty object",
        ["JSON121"] = "empty array",
        ["JSON125"] = "null-only array",
        ["JSON129"] = "duplicate property",
        ["JSON114"] = "choice element without type suffix",
        [InvalidLiteralCode] = "invalid literal kept as text",
        ["PVAL125"] = "positiveInt not positive",
        ["PVAL126"] = "unsignedInt negative",
        ["PVAL119"] = "string too long",
        ["PVAL114"] = "malformed narrative",
        ["PVAL115"] = "invalid narrative",
        ["PVAL118"] = "nested contained resource",
    };

    private static readonly Dictionary<string, string> FatalCodes = new(StringComparer.Ordinal)
    {
        ["PVAL123"] = "value of the wrong JSON type",
        ["PVAL116"] = "code not in the element's value set",
        ["PVAL120"] = "invalid base64 data",
        ["PVAL127"] = "array where a single value is expected (or the reverse)",
        ["PVAL130"] = "unknown resource type",
        ["PVAL132"] = "wrongly cased resource type",
        ["JSON102"] = "resourceType is not a string",
        ["JSON103"] = "no resourceType",
        ["JSON130"] = "nested array",
        ["JSON131"] = "primitive value where an object is expected",
        ["JSON132"] = "object where a primitive value is expected",
    };

    /// <summary>Whether any issue makes the resource unusable.</summary>
    public static bool IsFatal(CodedException issue) => !LenientCodes.ContainsKey(issue.ErrorCode);

    /// <summary>A PHI-free summary of issues, grouped by kind: "unknown element at Claim.foo, Claim.bar".</summary>
    public static string Describe(IEnumerable<CodedException> issues, string resourceType)
    {
        var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var issue in issues)
        {
            var kind = LenientCodes.GetValueOrDefault(issue.ErrorCode)
                ?? FatalCodes.GetValueOrDefault(issue.ErrorCode)
                ?? $"parse error {issue.ErrorCode}";
            if (!byKind.TryGetValue(kind, out var paths))
            {
                paths = [];
                byKind[kind] = paths;
            }

            var path = PathOf(issue, resourceType);
            if (path is not null && !paths.Contains(path, StringComparer.Ordinal))
            {
                paths.Add(path);
            }
        }

        var text = new StringBuilder();
        foreach (var (kind, paths) in byKind)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(kind);
            if (paths.Count > 0)
            {
                text.Append(" at ").AppendJoin(", ", paths.Take(MaxPathsPerKind));
                if (paths.Count > MaxPathsPerKind)
                {
                    text.Append(" (+").Append(paths.Count - MaxPathsPerKind).Append(" more)");
                }
            }
        }

        return text.ToString();
    }

    private static string? PathOf(CodedException issue, string resourceType)
    {
        if (issue is not ExtendedCodedException { InstancePath: { Length: > 0 } path })
        {
            return null;
        }

        // Firely reports root-level cardinality issues as "$this.priority".
        return path.StartsWith("$this", StringComparison.Ordinal) ? resourceType + path[5..] : path;
    }
}
