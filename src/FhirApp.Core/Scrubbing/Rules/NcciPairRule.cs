using System.Runtime.CompilerServices;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// NCCI procedure-to-procedure edits on the same date of service. Indicator 0: column 2 is never paid with column 1,
/// no modifier helps (hold). Indicator 1: paid only with a bypass modifier (59 / X{EPSU} / 24, 25, 27, 57, 58, 78, 79, 91)
/// or different anatomic modifiers on the two codes (hold without; review with, because the note must show the distinct
/// site or session and payers audit it). Indicator 9 and edits deleted on or before the date of service are ignored.
/// Predicted CARC 236 (NCCI incompatibility), as the demo payer sends for 29881 + 29877-59. The edits apply per patient,
/// rendering provider and date, so a pair split between this claim and another same-day claim (<see cref="SameDayServices"/>)
/// fires too, on this claim's line, naming the other claim.
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
        if (lines.Count == 0 || input.Codes.NcciPairs.Count == 0)
        {
            yield break;
        }
        var index = Indexes.GetValue(input.Codes, BuildIndex);
        foreach (var column1 in lines)
        {
            foreach (var column2 in lines)
            {
                if (!ReferenceEquals(column1, column2) && column1.ServiceDate == column2.ServiceDate
                    && EditInForce(index, column1, column2) is { } edit && Finding(input, edit, column1, column2, null, ourColumn2: true) is { } finding)
                {
                    yield return finding;
                }
            }
        }
        // CMS applies the edits per beneficiary, rendering provider and date, so a pair split over two claims is still a pair.
        var others = SameDayServices.OtherLines(input);
        if (others.Count == 0)
        {
            yield break;
        }
        foreach (var own in SameDayServices.OwnLines(input))
        {
            foreach (var other in others.Where(own.SameDayAndProvider))
            {
                if (EditInForce(index, own.Line, other.Line) is { } asColumn1 && Finding(input, asColumn1, own.Line, other.Line, other.ClaimId, ourColumn2: false) is { } first)
                {
                    yield return first;
                }
                if (EditInForce(index, other.Line, own.Line) is { } asColumn2 && Finding(input, asColumn2, other.Line, own.Line, other.ClaimId, ourColumn2: true) is { } second)
                {
                    yield return second;
                }
            }
        }
    }

    /// <summary>The edit for column 1 / column 2 in force on their date of service; indicator 9 edits never apply.</summary>
    private static NcciPair? EditInForce(Dictionary<(string, string), List<NcciPair>> index, ClaimLineFacts column1, ClaimLineFacts column2) =>
        column1.Code != column2.Code && column1.ServiceDate is { } dos && index.TryGetValue((column1.Code, column2.Code), out var edits)
            ? edits.Find(e => e.ModifierIndicator != 9 && e.Effective <= dos && (e.Deleted is null || dos < e.Deleted))
            : null;

    /// <summary>
    /// The finding on this claim's line of the pair. <paramref name="otherClaim"/> names the claim holding the other line
    /// (null when both are on this claim); <paramref name="ourColumn2"/> says which code is this claim's.
    /// </summary>
    private ScrubFinding? Finding(ScrubInput input, NcciPair edit, ClaimLineFacts column1, ClaimLineFacts column2, string? otherClaim, bool ourColumn2)
    {
        var source = input.Codes.NcciSource with
        {
            Clause = $"{edit.Column1} / {edit.Column2}, modifier indicator {edit.ModifierIndicator}, effective {RuleText.Date(edit.Effective)}"
                + (edit.Deleted is { } deleted ? $", deleted {RuleText.Date(deleted)}" : ""),
        };
        var ours = ourColumn2 ? column2 : column1;
        var trigger = otherClaim is null
            ? new[] { "column 1: " + RuleText.Line(column1), "column 2: " + RuleText.Line(column2) }
            : [$"column 1{(ourColumn2 ? $" (Claim/{otherClaim})" : "")}: {RuleText.Line(column1)}", $"column 2{(ourColumn2 ? "" : $" (Claim/{otherClaim})")}: {RuleText.Line(column2)}"];
        var name1 = otherClaim is not null && ourColumn2 ? $"{column1.Code} (Claim/{otherClaim} line {column1.Sequence})" : $"{column1.Code} (line {column1.Sequence})";
        var name2 = otherClaim is not null && !ourColumn2 ? $"{column2.Code} (Claim/{otherClaim} line {column2.Sequence})" : $"{column2.Code} (line {column2.Sequence})";
        var when = otherClaim is null ? "on the same day" : "on the same day by the same rendering provider, on two claims";
        var remove = ourColumn2 ? $"Remove line {column2.Sequence}" : $"Remove {column2.Code} from Claim/{otherClaim} with a replacement claim (frequency 7)";
        var bypass = column1.Modifiers.Concat(column2.Modifiers).Where(ModifierSets.NcciBypass.Contains).ToList();
        var sites1 = column1.Modifiers.Where(ModifierSets.Anatomic.Contains).ToHashSet(StringComparer.Ordinal);
        var sites2 = column2.Modifiers.Where(ModifierSets.Anatomic.Contains).ToHashSet(StringComparer.Ordinal);
        var differentSites = sites1.Count > 0 && sites2.Count > 0 && !sites1.Overlaps(sites2);
        if (edit.ModifierIndicator == 0)
        {
            return Make("modifiers.ncci-not-allowed", FindingSeverity.Hold, ours, source, trigger,
                $"{name2} is never paid with {name1} {when}; no modifier bypasses this pair. {remove} or bill the code that includes both.");
        }
        if (bypass.Count == 0 && !differentSites)
        {
            return Make("modifiers.ncci-pair", FindingSeverity.Hold, ours, source, trigger,
                $"{name2} is bundled into {name1} {when}. {remove}, unless the note documents a distinct site, session or encounter; then add the modifier that says which (XS, XE, XP, XU or 59).")
                with { Fix = ourColumn2 ? NoteEvidence.DistinctModifierFix(input, column2) : null };
        }
        return Make("modifiers.ncci-bypassed", FindingSeverity.Review, ours, source, trigger,
            $"{name2} is billed with {name1} {when} under an NCCI edit, paid only because of {(bypass.Count > 0 ? "modifier " + string.Join('/', bypass) : "different anatomic modifiers")}. Make sure the note documents the distinct site or session; payers audit this pair.");
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
