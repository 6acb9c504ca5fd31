using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims;

/// <summary>
/// Splits a whole export (FHIR Bulk NDJSON, many Bundles) into one <see cref="PatientRecord"/> per patient, so that
/// per-claim work that scans the record (earlier claims, duplicates) stays proportional to one patient's data, not
/// to the export. Shared resources (Organization, Practitioner, PractitionerRole, Location…) are not copied into every
/// record: each record gets only the ones its own resources reference, followed transitively.
/// </summary>
public static class PatientRecordGrouper
{
    /// <summary>The group of resources that name no patient (a Claim without Claim.patient, for example).</summary>
    public const string NoPatientKey = "(no patient)";

    /// <summary>
    /// The records, one per patient key ("Patient/1"; a dangling patient reference still groups its resources), in the
    /// order patients are first seen. Records are built lazily, one at a time, so only one patient's indexes live at once.
    /// </summary>
    public static IEnumerable<PatientRecord> Group(IReadOnlyList<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        // One global index resolves every reference form (relative, absolute, urn:uuid fullUrls, identifiers) once.
        var global = PatientRecord.Create(resources);
        var groups = new Dictionary<string, List<Resource>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var resource in global.Resources)
        {
            var key = PatientKeyOf(global, resource);
            if (key is null)
            {
                continue;
            }

            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups[key] = list;
                order.Add(key);
            }

            list.Add(resource);
        }

        return Records(global, groups, order);
    }

    private static IEnumerable<PatientRecord> Records(PatientRecord global, Dictionary<string, List<Resource>> groups, List<string> order) =>
        order.Select(key => RecordOf(global, groups[key]));

    /// <summary>
    /// One patient's record: its own resources plus what they reference from <paramref name="global"/>, followed
    /// transitively through shared resources.
    /// </summary>
    internal static PatientRecord RecordOf(PatientRecord global, IReadOnlyList<Resource> own)
    {
        var members = new List<Resource>(own.Count + 8);
        var seen = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<Resource>();
        foreach (var resource in own)
        {
            seen.Add(resource);
            members.Add(resource);
            pending.Enqueue(resource);
        }

        while (pending.TryDequeue(out var resource))
        {
            var container = resource as DomainResource;
            foreach (var reference in ReferencesOf(resource))
            {
                if (global.Resolve(reference, container) is not { } target || ReferenceEquals(target, container) || !seen.Add(target))
                {
                    continue;
                }

                // Shared resources come along with what they reference (a PractitionerRole's Practitioner); another
                // patient's Patient (a subscriber) comes alone, and another patient's claims never, or they would be scrubbed twice.
                if (IsShared(global, target))
                {
                    members.Add(target);
                    pending.Enqueue(target);
                }
                else if (target is Patient or RelatedPerson)
                {
                    members.Add(target);
                }
            }
        }

        return PatientRecord.Create(members);
    }

    /// <summary>The patient a resource belongs to, <see cref="NoPatientKey"/> for claim data without one, or null for shared resources.</summary>
    private static string? PatientKeyOf(PatientRecord global, Resource resource)
    {
        if (resource is Patient patient)
        {
            return FhirReference.KeyOf(patient) ?? NoPatientKey;
        }

        var reference = PatientReferenceOf(resource);
        if (reference is not null)
        {
            return global.KeyOf(reference, resource as DomainResource) ?? NoPatientKey;
        }

        return ClaimDataTypes.Contains(resource.TypeName) ? NoPatientKey : null;
    }

    private static bool IsShared(PatientRecord global, Resource resource) =>
        resource is not Patient and not RelatedPerson && PatientKeyOf(global, resource) is null;

    /// <summary>Types grouped under <see cref="NoPatientKey"/> when they name no patient; other types without one are shared.</summary>
    internal static readonly IReadOnlySet<string> ClaimDataTypes = new HashSet<string>(StringComparer.Ordinal) { "Claim", "ClaimResponse", "ExplanationOfBenefit", "Coverage" };

    /// <summary>
    /// The elements that name a resource's patient, by resource type (the first present one counts). A type not
    /// listed here (and not Patient) is shared between patients: Organization, Practitioner, Location…
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> PatientElements = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Claim"] = ["patient"],
        ["ClaimResponse"] = ["patient"],
        ["ExplanationOfBenefit"] = ["patient"],
        ["Coverage"] = ["beneficiary", "subscriber"],
        ["DocumentReference"] = ["subject"],
        ["Encounter"] = ["subject"],
        ["Condition"] = ["subject"],
        ["Procedure"] = ["subject"],
        ["Observation"] = ["subject"],
        ["ServiceRequest"] = ["subject"],
        ["MedicationRequest"] = ["subject"],
        ["DiagnosticReport"] = ["subject"],
        ["CoverageEligibilityResponse"] = ["patient"],
        ["CoverageEligibilityRequest"] = ["patient"],
        ["RelatedPerson"] = ["patient"],
        ["AllergyIntolerance"] = ["patient"],
        ["Immunization"] = ["patient"],
        ["CarePlan"] = ["subject"],
        ["Task"] = ["for"],
    };

    private static ResourceReference? PatientReferenceOf(Resource resource)
    {
        if (!PatientElements.TryGetValue(resource.TypeName, out var elements))
        {
            return null;
        }

        foreach (var element in elements)
        {
            if (resource.TryGetValue(element, out var value) && value is ResourceReference reference)
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>Every reference in a resource; the common claim types are read directly because this runs on every resource.</summary>
    private static IEnumerable<ResourceReference?> ReferencesOf(Resource resource)
    {
        switch (resource)
        {
            case Claim claim:
                return ClaimReferences(claim);
            case Coverage coverage:
                return [.. coverage.Payor, coverage.PolicyHolder, coverage.Subscriber, coverage.Beneficiary];
            case Patient patient:
                return [.. patient.GeneralPractitioner, patient.ManagingOrganization];
            default:
                var found = new List<ResourceReference?>();
                Walk(resource, found, 0);
                return found;
        }
    }

    private static IEnumerable<ResourceReference?> ClaimReferences(Claim claim)
    {
        yield return claim.Insurer;
        yield return claim.Provider;
        yield return claim.Enterer;
        yield return claim.Referral;
        yield return claim.Facility;
        yield return claim.Payee?.Party;
        foreach (var member in claim.CareTeam)
        {
            yield return member.Provider;
        }

        foreach (var insurance in claim.Insurance)
        {
            yield return insurance.Coverage;
        }

        foreach (var item in claim.Item)
        {
            if (item.Location is ResourceReference location)
            {
                yield return location;
            }
        }
    }

    private static void Walk(Base node, List<ResourceReference?> found, int depth)
    {
        // FHIR resources are shallow; the bound only guards against pathological nesting.
        if (depth > 32)
        {
            return;
        }

        foreach (var (_, value) in node.EnumerateElements())
        {
            switch (value)
            {
                case ResourceReference reference:
                    found.Add(reference);
                    break;
                case PrimitiveType:
                    break;
                case Base child:
                    Walk(child, found, depth + 1);
                    break;
                case IEnumerable<Base> children:
                    foreach (var child in children)
                    {
                        if (child is ResourceReference listed)
                        {
                            found.Add(listed);
                        }
                        else if (child is not PrimitiveType)
                        {
                            Walk(child, found, depth + 1);
                        }
                    }

                    break;
            }
        }
    }
}
