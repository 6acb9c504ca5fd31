using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>
/// Who is who on a claim's care team. ClaimContext.Practitioners keeps only the sequence order, and sequence 1 is not
/// always the rendering provider (a referring provider may come first), so the claim-level rules read the roles here.
/// </summary>
internal static class ClaimParties
{
    /// <summary>Care-team roles that are not the rendering provider (claimcareteamrole and CARIN BB codes).</summary>
    private static readonly HashSet<string> NotRendering = new(StringComparer.OrdinalIgnoreCase)
    {
        "referring", "ordering", "supervisor", "assist", "prescribing", "other", "otheroperating",
    };

    private static readonly HashSet<string> Referring = new(StringComparer.OrdinalIgnoreCase) { "referring", "ordering" };

    /// <summary>The rendering practitioner: a care-team member not in a non-rendering role, responsible first; else the first practitioner.</summary>
    public static Practitioner? Rendering(ClaimContext context, Claim.ItemComponent? line = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claim = context.Claim;
        if (claim is null || claim.CareTeam.Count == 0)
        {
            // A claim without a care team borrows the EOB's (see ClaimContextBuilder).
            return context.Practitioners.Count > 0 ? context.Practitioners[0] : null;
        }
        var members = claim.CareTeam.Where(m => !RoleCodes(m).Any(NotRendering.Contains));
        if (line is not null && line.CareTeamSequence.Any())
        {
            var sequences = line.CareTeamSequence.Select(s => s ?? 0).ToHashSet();
            var forLine = members.Where(m => sequences.Contains(m.Sequence ?? 0)).ToList();
            if (forLine.Count > 0)
            {
                members = forLine;
            }
        }
        return members
            .OrderByDescending(m => m.Responsible == true)
            .ThenBy(m => m.Sequence ?? int.MaxValue)
            .Select(m => PractitionerOf(context.Record, context.Record.Resolve(m.Provider, claim)))
            .FirstOrDefault(p => p is not null);
    }

    /// <summary>The referring or ordering practitioners named on the claim (care team or Claim.referral's requester).</summary>
    public static IReadOnlyList<Practitioner> ReferringPractitioners(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claim = context.Claim;
        if (claim is null)
        {
            return [];
        }
        var found = claim.CareTeam.Where(m => RoleCodes(m).Any(Referring.Contains))
            .Select(m => PractitionerOf(context.Record, context.Record.Resolve(m.Provider, claim)))
            .OfType<Practitioner>()
            .ToList();
        if (context.Record.Resolve<ServiceRequest>(claim.Referral, claim) is { } request
            && PractitionerOf(context.Record, context.Record.Resolve(request.Requester, request)) is { } requester)
        {
            found.Add(requester);
        }
        return found;
    }

    /// <summary>A key that identifies a provider across claims: the NPI, else the resource key.</summary>
    public static string? KeyOf(Practitioner? practitioner) =>
        practitioner is null ? null : FhirValues.Npi(practitioner) ?? FhirReference.KeyOf(practitioner);

    private static IEnumerable<string> RoleCodes(Claim.CareTeamComponent member) =>
        member.Role?.Coding.Select(c => c.Code).OfType<string>() ?? [];

    private static Practitioner? PractitionerOf(PatientRecord record, Resource? resource) => resource switch
    {
        Practitioner practitioner => practitioner,
        PractitionerRole role => record.Resolve<Practitioner>(role.Practitioner, role),
        _ => null,
    };
}
