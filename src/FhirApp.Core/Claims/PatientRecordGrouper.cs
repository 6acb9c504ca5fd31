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

    private static IEnumerable<PatientRecord> Records(PatientRecord global, Dictionary<string, List<Resource>> groups, List<string> order)
    {
        foreach (var key in order)
        {
            var own = groups[key];
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

            yield return PatientRecord.Create(members);
        }
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

        return resource is Claim or ClaimResponse or ExplanationOfBenefit or Coverage ? NoPatientKey : null;
    }

    private static bool IsShared(PatientRecord global, Resource resource) =>
        resource is not Patient and not RelatedPerson && PatientKeyOf(global, resource) is null;

    private static ResourceReference? PatientReferenceOf(Resource resource) => resource switch
    {
        Claim r => r.Patient,
        ClaimResponse r => r.Patient,
        ExplanationOfBenefit r => r.Patient,
        Coverage r => r.Beneficiary ?? r.Subscriber,
        DocumentReference r => r.Subject,
        Encounter r => r.Subject,
        Condition r => r.Subject,
        Procedure r => r.Subject,
        Observation r => r.Subject,
        ServiceRequest r => r.Subject,
        MedicationRequest r => r.Subject,
        DiagnosticReport r => r.Subject,
        CoverageEligibilityResponse r => r.Patient,
        CoverageEligibilityRequest r => r.Patient,
        RelatedPerson r => r.Patient,
        AllergyIntolerance r => r.Patient,
        Immunization r => r.Patient,
        CarePlan r => r.Subject,
        Hl7.Fhir.Model.Task r => r.For,
        _ => null,
    };

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
