using System.Runtime.CompilerServices;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// NCCI procedure-to-procedure edits on the same date of service. Indicator 0: column 2 is never paid with column 1,
/// no modifier helps (hold). Indicator 1: paid only with a bypass modifier (59 / X{EPSU} / 24, 25, 27, 57, 58, 78, 79, 91)
/// or different anatomic modifiers on the two codes (hold without; review with, because the note must show the distinct
/// site or session and payers audit it). Indicator 9 and edits deleted on or before the date of service are ignored.
/// Predicted CARC 236 (NCCI incompatibility), as the demo payer sends for 29881 + 29877-59.
/// </summary>
public sealed class NcciPairRule : IScrubRule
{
    // One index per loaded table (the CMS file has millions of rows): built on first use, dropped with the tables.
    private static readonly ConditionalWeakTable<CodeTables, Dictionary<(string, string), List<NcciPair>>> Indexes = [];

    public string Id => "modifiers.ncci";

    public FindingCategory Category => FindingCategory.Modifiers;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lines = input.Facts.Lines;
        if (lines.Count < 2 || input.Codes.NcciPairs.Count == 0)
        {
            yield break;
        }
        var index = Indexes.GetValue(input.Codes, BuildIndex);
        foreach (var column1 in lines)
        {
            foreach (var column2 in lines)
            {
                if (ReferenceEquals(column1, column2) || column1.Code == column2.Code || column1.ServiceDate is not { } dos || column2.ServiceDate != dos
                    || !index.TryGetValue((column1.Code, column2.Code), out var edits)
                    || edits.Find(e => e.ModifierIndicator != 9 && e.Effective <= dos && (e.Deleted is null || dos < e.Deleted)) is not { } edit)
                {
                    continue;
                }
                if (Finding(input, edit, column1, column2) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private ScrubFinding? Finding(ScrubInput input, NcciPair edit, ClaimLineFacts column1, ClaimLineFacts column2)
    {
        var source = input.Codes.NcciSource with
        {
            Clause = $"{edit.Column1} / {edit.Column2}, modifier indicator {edit.ModifierIndicator}, effective {RuleText.Date(edit.Effective)}"
                + (edit.Deleted is { } deleted ? $", deleted {RuleText.Date(deleted)}" : ""),
        };
        var trigger = new[] { "column 1: " + RuleText.Line(column1), "column 2: " + RuleText.Line(column2) };
        var bypass = column1.Modifiers.Concat(column2.Modifiers).Where(ModifierSets.NcciBypass.Contains).ToList();
        var sites1 = column1.Modifiers.Where(ModifierSets.Anatomic.Contains).ToHashSet(StringComparer.Ordinal);
        var sites2 = column2.Modifiers.Where(ModifierSets.Anatomic.Contains).ToHashSet(StringComparer.Ordinal);
        var differentSites = sites1.Count > 0 && sites2.Count > 0 && !sites1.Overlaps(sites2);
        if (edit.ModifierIndicator == 0)
        {
            return Make("modifiers.ncci-not-allowed", FindingSeverity.Hold, column2, source, trigger,
                $"{column2.Code} (line {column2.Sequence}) is never paid with {column1.Code} (line {column1.Sequence}) on the same day; no modifier bypasses this pair. Remove line {column2.Sequence} or bill the code that includes both.");
        }
        if (bypass.Count == 0 && !differentSites)
        {
            return Make("modifiers.ncci-pair", FindingSeverity.Hold, column2, source, trigger,
                $"{column2.Code} (line {column2.Sequence}) is bundled into {column1.Code} (line {column1.Sequence}) on the same day. Remove line {column2.Sequence}, unless the note documents a distinct site, session or encounter; then add the modifier that says which (XS, XE, XP, XU or 59).")
                with { Fix = NoteEvidence.DistinctModifierFix(input, column2) };
        }
        return Make("modifiers.ncci-bypassed", FindingSeverity.Review, column2, source, trigger,
            $"{column2.Code} (line {column2.Sequence}) is billed with {column1.Code} under an NCCI edit, paid only because of {(bypass.Count > 0 ? "modifier " + string.Join('/', bypass) : "different anatomic modifiers")}. Make sure the note documents the distinct site or session; payers audit this pair.");
    }

    private ScrubFinding Make(string ruleId, FindingSeverity severity, ClaimLineFacts line, SourceCitation source, string[] trigger, string message) => new()
    {
        RuleId = ruleId,
        Category = Category,
        Severity = severity,
        PredictedCarc = "CO-236",
        Message = message,
        Source = source,
        Trigger = trigger,
        LineSequence = line.Sequence,
    };

    private static Dictionary<(string, string), List<NcciPair>> BuildIndex(CodeTables tables)
    {
        var index = new Dictionary<(string, string), List<NcciPair>>();
        foreach (var pair in tables.NcciPairs)
        {
            if (!index.TryGetValue((pair.Column1, pair.Column2), out var list))
            {
                index[(pair.Column1, pair.Column2)] = list = [];
            }
            list.Add(pair);
        }
        return index;
    }
}
