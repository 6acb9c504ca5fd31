using FhirApp.Web.Smart;
using Hl7.Fhir.Model;

namespace FhirApp.Web.Fhir;

/// <summary>
/// A patient launch keeps only what is its own patient's, by each resource's own patient reference, whatever the EHR
/// sent: an EHR that ignores a search parameter, or includes more than it was asked for, must not put another patient on
/// the screen. Resources that belong to no patient (payers, practitioners, organizations) pass.
/// </summary>
public static class LaunchPatientFilter
{
    /// <summary>The resources of the launch patient (all of them in a practice launch), and how many were dropped.</summary>
    public static (List<T> Kept, int Dropped) Keep<T>(LaunchContext launch, IEnumerable<T> resources)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(launch);
        var all = resources.ToList();
        if (launch.IsPracticeLaunch)
        {
            return (all, 0);
        }
        var kept = all.Where(r => Belongs(launch, r)).ToList();
        return (kept, all.Count - kept.Count);
    }

    /// <summary>True when the resource is the launch patient's (or belongs to no patient at all).</summary>
    public static bool Belongs(LaunchContext launch, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (resource is Patient patient)
        {
            return patient.Id == launch.PatientId;
        }
        return PatientReference(resource) is not { } reference
            ? !IsPatientData(resource)
            : launch.PatientIdOf(reference) == launch.PatientId;
    }

    /// <summary>The resource's own patient reference, for the types that always have one.</summary>
    private static string? PatientReference(Resource resource) => resource switch
    {
        Claim c => c.Patient?.Reference,
        ClaimResponse r => r.Patient?.Reference,
        ExplanationOfBenefit e => e.Patient?.Reference,
        Coverage v => v.Beneficiary?.Reference,
        DocumentReference d => d.Subject?.Reference,
        Hl7.Fhir.Model.Task t => t.For?.Reference,
        _ => null,
    };

    // Patient data without a patient reference belongs to nobody we can show.
    private static bool IsPatientData(Resource resource) =>
        resource is Claim or ClaimResponse or ExplanationOfBenefit or Coverage or DocumentReference or Hl7.Fhir.Model.Task;
}
