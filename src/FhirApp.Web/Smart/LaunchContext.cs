using FhirApp.Core.Audit;
using FhirApp.Core.Denials;

namespace FhirApp.Web.Smart;

/// <summary>What a page knows about its launch. Never holds a token.</summary>
public sealed record LaunchContext(
    string LaunchId,
    SmartRegistration Registration,
    string? PatientId,
    string? EncounterId,
    IReadOnlyList<string> FhirContext,
    bool NeedPatientBanner,
    string? Intent,
    string? SmartStyleUrl,
    string? Tenant,
    FhirUserReference? FhirUser,
    IReadOnlyList<string> GrantedScopes,
    string? ClientAddress = null)
{
    /// <summary>True when the launch is over (refused, expired, idle): its tokens are gone and it shows nothing but a way back.</summary>
    public bool Ended { get; init; }

    /// <summary>For an ended launch, what the EHR said when it refused it (shown behind Details); empty otherwise.</summary>
    public IReadOnlyList<string> EndedDetails { get; init; } = [];

    /// <summary>A launch without patient context (a billing worklist): it sees what its user/ scopes allow.</summary>
    public bool IsPracticeLaunch => PatientId is null;

    /// <summary>The id in a `Patient/{id}` reference (optionally with _history), relative or on this EHR's own FHIR base; null for anything else.</summary>
    public string? PatientIdOf(string? reference)
    {
        if (reference is null)
        {
            return null;
        }
        var fhirBase = Registration.FhirBaseUrl.TrimEnd('/') + "/";
        if (reference.StartsWith(fhirBase, StringComparison.Ordinal))
        {
            reference = reference[fhirBase.Length..];
        }
        var parts = reference.Split('/');
        return parts.Length is 2 or 4 && parts[0] == "Patient" && parts[1].Length > 0 && (parts.Length == 2 || parts[2] == "_history") ? parts[1] : null;
    }

    /// <summary>Who acts in this launch, and from which address it was launched, for the audit trail.</summary>
    public AuditActor Actor => new(FhirUser?.ToString() ?? "unknown EHR user", LaunchId, ClientAddress);

    /// <summary>The practice this launch works in: the key of its stored data (see <see cref="SmartRegistration.PracticeKey"/>).</summary>
    public string Practice => Registration.PracticeKey(Tenant);

    /// <summary>The denials this launch may see and work: its patient's in a patient launch, the practice's otherwise.</summary>
    public DenialScope Denials => PatientId is null ? DenialScope.Practice(Practice) : DenialScope.Patient(Practice, PatientId);

    /// <summary>True when the user is one of the practice's owners (smart-config `owners`): they alone hold practice-wide switches.</summary>
    public bool IsOwner => Registration.IsOwner(FhirUser);

    /// <summary>The launch patient as `Patient/{id}`; null in a practice launch.</summary>
    public string? PatientReference => PatientId is null ? null : $"Patient/{PatientId}";

    /// <summary>
    /// True when the EHR granted this permission on the type in this launch's context and, for a write, the registration
    /// enabled the feature that writes it (an EHR that grants more than was asked does not widen what FhirApp does).
    /// </summary>
    public bool Allows(string resourceType, char permission) =>
        SmartScopes.Allows(GrantedScopes, resourceType, permission, patientContext: !IsPracticeLaunch)
        && (permission is not ('c' or 'u' or 'd') || (Registration.Features.Writes().TryGetValue(resourceType, out var writes) && writes.Contains(permission, StringComparison.Ordinal)));
}
