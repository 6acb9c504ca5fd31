using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// Who is who on a claim's care team: the one definition of the rendering and referring providers that the claim page,
/// the scrubber's provider rules, the model's inputs, the addendum request and the denial queue share. Sequence 1 is not
/// always the rendering provider (a referring provider or supervisor may come first), so the roles decide: the rendering
/// provider is a member not in a non-rendering role, responsible first, then by sequence.
/// </summary>
internal static class ClaimParties
{
    /// <summary>Care-team roles that are not the rendering provider (claimcareteamrole and CARIN BB codes).</summary>
    private static readonly HashSet<string> NotRendering = new(StringComparer.OrdinalIgnoreCase)
    {
        "referring", "ordering", "supervisor", "assist", "prescribing", "other", "otheroperating",
    };

    /// <summary>Roles that name the rendering provider outright: CARIN BB "rendering", Blue Button 2.0 "performing".</summary>
    private static readonly HashSet<string> RenderingRoles = new(StringComparer.OrdinalIgnoreCase) { "rendering", "performing" };

    private static readonly HashSet<string> Referring = new(StringComparer.OrdinalIgnoreCase) { "referring", "ordering" };

    /// <summary>One care-team member of a Claim or an ExplanationOfBenefit, in the fields the choice reads.</summary>
    internal sealed record Member(int Sequence, bool Responsible, IReadOnlyList<string> Roles, ResourceReference? Provider);

    public static IReadOnlyList<Member> TeamOf(Claim claim) =>
        [.. claim.CareTeam.Select(m => new Member(m.Sequence ?? 0, m.Responsible == true, RoleCodes(m.Role), m.Provider))];

    public static IReadOnlyList<Member> TeamOf(ExplanationOfBenefit eob) =>
        [.. eob.CareTeam.Select(m => new Member(m.Sequence ?? 0, m.Responsible == true, RoleCodes(m.Role), m.Provider))];

    /// <summary>
    /// The rendering member: among the line's care-team sequences when it names any that qualify, a member not in a
    /// non-rendering role and not an organization unless named "rendering" (an ambulance company renders its transport); one named "rendering" or "performing" first (an inpatient EOB lists the
    /// attending before the performing physician), then the responsible one, then by sequence; null when none qualifies.
    /// </summary>
    public static Member? RenderingMember(IReadOnlyList<Member> team, IEnumerable<int>? lineSequences = null)
    {
        ArgumentNullException.ThrowIfNull(team);
        var members = team.Where(m => !m.Roles.Any(NotRendering.Contains) && (m.Roles.Any(RenderingRoles.Contains) || !IsOrganization(m.Provider))).ToList();
        var sequences = lineSequences?.ToHashSet() ?? [];
        if (sequences.Count > 0 && members.Where(m => sequences.Contains(m.Sequence)).ToList() is { Count: > 0 } forLine)
        {
            members = forLine;
        }
        return members.OrderByDescending(m => m.Roles.Any(RenderingRoles.Contains)).ThenByDescending(m => m.Responsible).ThenBy(m => m.Sequence).FirstOrDefault();
    }

    // The billing organization often sits in the care team as "primary" (CARIN BB): not who rendered the service.
    private static bool IsOrganization(ResourceReference? provider) =>
        provider?.Type == "Organization" || (provider?.Reference is { } reference && FhirReference.TryParseTypeAndId(reference, out var type, out _) && type == "Organization");

    /// <summary>
    /// The care team that speaks for the claim: the Claim's own, else (a Synthea Claim carries none, and an EOB-only
    /// context has no Claim) the first of its EOBs that has one; with the resource its references are relative to.
    /// </summary>
    public static (IReadOnlyList<Member> Team, DomainResource? Container) TeamFor(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Claim is { CareTeam.Count: > 0 } claim)
        {
            return (TeamOf(claim), claim);
        }
        var eob = context.Claim is null && context.SourceEob is { CareTeam.Count: > 0 } source
            ? source
            : context.ExplanationsOfBenefit.FirstOrDefault(e => e.CareTeam.Count > 0);
        return eob is null ? ([], context.Claim) : (TeamOf(eob), eob);
    }

    /// <summary>The rendering member of the claim (or of one line) and the resource its reference is relative to.</summary>
    public static (Member? Member, DomainResource? Container) RenderingMember(ClaimContext context, Claim.ItemComponent? line = null)
    {
        var (team, container) = TeamFor(context);
        var sequences = line is not null && ReferenceEquals(container, context.Claim) ? line.CareTeamSequence.Select(s => s ?? 0) : null;
        return (RenderingMember(team, sequences), container);
    }

    /// <summary>The rendering practitioner (a PractitionerRole resolves to its Practitioner).</summary>
    public static Practitioner? Rendering(ClaimContext context, Claim.ItemComponent? line = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (member, container) = RenderingMember(context, line);
        return member is null ? null : PractitionerOf(context.Record, context.Record.Resolve(member.Provider, container));
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
        var found = TeamOf(claim).Where(m => m.Roles.Any(Referring.Contains))
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

    public static Practitioner? PractitionerOf(PatientRecord record, Resource? resource) => resource switch
    {
        Practitioner practitioner => practitioner,
        PractitionerRole role => record.Resolve<Practitioner>(role.Practitioner, role),
        _ => null,
    };

    private static List<string> RoleCodes(CodeableConcept? role) => role?.Coding.Select(c => c.Code).OfType<string>().ToList() ?? [];
}
