using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// An exact duplicate: a line with the same procedure, date, rendering provider and modifiers (in any order) already
/// billed for the patient on another claim: an earlier one, or a same-day one created before this one. Replacements
/// and voids (frequency 7 / 8) are how a billed service is sent again, so they are not checked; voided, cancelled and
/// entered-in-error claims do not count as billed.
/// </summary>
public sealed class DuplicateClaimRule : IScrubRule
{
    public string Id => "duplicate.already-billed";

    public FindingCategory Category => FindingCategory.Duplicate;

    public IEnumerable<ScrubFinding> Evaluate(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = input.Context;
        if (context.Claim is not { } claim || input.Facts.Frequency is "7" or "8")
        {
            yield break;
        }
        var created = input.Facts.Created;
        var first = input.Facts.ServiceDate;
        // Earlier claims can only repeat a line when they run into this claim's dates: a cheap date test first, so a
        // patient with a long history costs a few comparisons per old claim, not provider resolution for its lines.
        var others = context.EarlierClaims.Where(c => first is null || LastDate(c) is not { } last || last >= first)
            .Concat(context.SameDayClaims.Where(c => BilledBefore(c, created, claim)))
            .Where(c => !ReferenceEquals(c, claim) && !string.Equals(c.Id, claim.Id, StringComparison.Ordinal) && SameDayServices.IsBilled(c))
            .Select(c => (Claim: c, Lines: LinesOf(context, c)))
            .ToList();
        if (others.Count == 0)
        {
            yield break;
        }
        foreach (var line in LinesOf(context, claim))
        {
            var match = others.FirstOrDefault(o => o.Lines.Any(l => l.Equals(line)));
            if (match.Claim is null)
            {
                continue;
            }
            var billed = line.Code + (line.Modifiers.Length > 0 ? "-" + line.Modifiers.Replace(" ", "-", StringComparison.Ordinal) : "");
            yield return new ScrubFinding
            {
                RuleId = Id,
                Category = Category,
                Severity = FindingSeverity.Hold,
                PredictedCarc = "OA-18",
                Message = $"{billed} on {line.Date:yyyy-MM-dd} by the same rendering provider was already billed on another claim. Do not send it again: check that claim's status, and send a replacement (frequency 7) if it needs correcting.",
                Source = StandardSources.Frequency,
                Trigger = [$"line {line.Sequence} = {billed}", $"date of service = {line.Date:yyyy-MM-dd}", $"already billed on Claim/{match.Claim.Id}"],
                LineSequence = line.Sequence,
            };
        }
    }

    /// <summary>A same-day claim counts when created earlier (ties broken by id, so exactly one of a pair is flagged).</summary>
    private static bool BilledBefore(Claim other, DateOnly? created, Claim self)
    {
        var otherCreated = FhirValues.ToInstant(other.CreatedElement) is { } c ? DateOnly.FromDateTime(c.UtcDateTime) : (DateOnly?)null;
        if (otherCreated is { } o && created is { } s && o != s)
        {
            return o < s;
        }
        return string.CompareOrdinal(other.Id, self.Id) < 0;
    }

    private static DateOnly? LastDate(Claim claim) =>
        ClaimFacts.LinesOf(claim).Select(l => l.ServiceDate).Append(FhirValues.ToDate(claim.BillablePeriod?.End)).Max();

    private static List<LineKey> LinesOf(ClaimContext context, Claim claim)
    {
        var claimContext = ReferenceEquals(claim, context.Claim) ? context : context with { Claim = claim, Practitioners = [], SourceEob = null, ExplanationsOfBenefit = [] };
        return [.. ClaimFacts.LinesOf(claim).Select((line, i) => new LineKey(
            line.Sequence,
            line.Code,
            string.Join(" ", line.Modifiers.Order(StringComparer.Ordinal)),
            line.ServiceDate,
            ClaimParties.KeyOf(ClaimParties.Rendering(claimContext, claim.Item[i]))))
            .Where(l => l.Code.Length > 0)];
    }

    /// <summary>What makes two lines the same service; the sequence is carried for the finding but not compared.</summary>
    private sealed record LineKey(int Sequence, string Code, string Modifiers, DateOnly? Date, string? Provider)
    {
        public bool Equals(LineKey? other) =>
            other is not null && Code == other.Code && Modifiers == other.Modifiers && Date == other.Date && Provider == other.Provider;

        public override int GetHashCode() => HashCode.Combine(Code, Modifiers, Date, Provider);
    }
}
