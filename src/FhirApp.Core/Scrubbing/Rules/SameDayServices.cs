using FhirApp.Core.Claims;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// The services billed for the patient on the claim's date of service, with each line's rendering provider, for the edits
/// CMS applies per beneficiary, provider and date rather than per claim (NCCI PTP, MUE with MAI 2 and 3).
/// A claim counts unless it is cancelled, entered in error or a void (frequency 8). A claim that a replacement (7) or
/// void names in Claim.related is superseded and does not count; nor does a replacement of the claim being scrubbed.
/// A replacement that names no claim cannot be matched and counts as a claim of its own. A line repeating one of the
/// scrubbed claim's lines is left out: that is a duplicate (OA-18, DuplicateClaimRule), not more units or a second code.
/// </summary>
internal static class SameDayServices
{
    /// <summary>A line of some claim with its rendering provider's key (NPI, else resource key); null when unknown.</summary>
    public sealed record ProviderLine(string ClaimId, ClaimLineFacts Line, string? Provider)
    {
        /// <summary>Same date of service and the same known rendering provider.</summary>
        public bool SameDayAndProvider(ProviderLine other) =>
            Provider is not null && Provider == other.Provider && Line.ServiceDate is not null && Line.ServiceDate == other.Line.ServiceDate;

        /// <summary>The same service again (code and modifiers in any order, same day and provider): DuplicateClaimRule's case.</summary>
        public bool Repeats(ProviderLine other) =>
            SameDayAndProvider(other) && Line.Code == other.Line.Code && Line.Modifiers.Order(StringComparer.Ordinal).SequenceEqual(other.Line.Modifiers.Order(StringComparer.Ordinal));
    }

    /// <summary>Billed as a claim: not cancelled or entered in error, and not a void.</summary>
    public static bool IsBilled(Claim claim) => IsLive(claim) && ClaimFacts.FrequencyOf(claim) != "8";

    /// <summary>The scrubbed claim's own lines with their providers.</summary>
    public static IReadOnlyList<ProviderLine> OwnLines(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Context.Claim is { } claim ? WithProviders(input.Context, claim, input.Facts) : [];
    }

    /// <summary>The lines of the patient's other same-day claims that count as billed, repeats of this claim's lines left out; none when the scrubbed claim is a void.</summary>
    public static IReadOnlyList<ProviderLine> OtherLines(ScrubInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = input.Context;
        if (context.Claim is not { } self || input.Facts.Frequency == "8" || context.SameDayClaims.Count == 0)
        {
            return [];
        }
        var live = context.SameDayClaims.Where(c => IsLive(c) && !SameClaim(c, self)).ToList();
        var counted = live.Where(c => ClaimFacts.FrequencyOf(c) != "8"
            && !Supersedes(context, self, c) && !Supersedes(context, c, self)
            && !live.Exists(x => !ReferenceEquals(x, c) && Supersedes(context, x, c)));
        var own = OwnLines(input);
        return [.. counted.SelectMany(c =>
        {
            var otherContext = context with { Claim = c, Practitioners = [], SourceEob = null, ExplanationsOfBenefit = [] };
            return WithProviders(otherContext, c, ClaimFacts.From(otherContext));
        }).Where(o => !own.Any(l => l.Repeats(o)))];
    }

    private static List<ProviderLine> WithProviders(ClaimContext context, Claim claim, ClaimFacts facts) =>
        [.. facts.Lines.Select((line, i) => new ProviderLine(facts.ClaimId, line, ClaimParties.KeyOf(ClaimParties.Rendering(context, claim.Item[i]))))];

    private static bool IsLive(Claim claim) =>
        claim.Status is not (FinancialResourceStatusCodes.Cancelled or FinancialResourceStatusCodes.EnteredInError);

    private static bool SameClaim(Claim a, Claim b) => ReferenceEquals(a, b) || (a.Id is not null && a.Id == b.Id);

    /// <summary>A replacement or void that names the target in Claim.related (by reference or by claim identifier).</summary>
    private static bool Supersedes(ClaimContext context, Claim correction, Claim target) =>
        ClaimFacts.FrequencyOf(correction) is "7" or "8"
        && correction.Related.Any(r => r.Relationship?.Coding.Any(c => c.Code != "prior") != true
            && (context.Record.Resolve<Claim>(r.Claim, correction) is { } named
                ? SameClaim(named, target)
                : r.Claim?.Identifier?.Value is { } number && target.Identifier.Any(i => i.Value == number)));
}
