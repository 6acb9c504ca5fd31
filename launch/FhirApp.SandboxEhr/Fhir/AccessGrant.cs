namespace FhirApp.SandboxEhr.Fhir;

/// <summary>
/// Allowed or not, and if allowed which patients' data: one patient's compartment (a patient/ scope in a patient launch,
/// where every search must name that patient), the user's panel (a user/ scope for a user whose access the EHR limits
/// to some patients; searches span them all), or everything (null both).
/// </summary>
internal readonly record struct AccessGrant(bool Allowed, string? CompartmentPatient, IReadOnlySet<string>? PanelPatients = null)
{
    public static readonly AccessGrant Denied = new(false, null);
    public static readonly AccessGrant Unrestricted = new(true, null);

    public static AccessGrant Compartment(string patient) => new(true, patient);

    public static AccessGrant Panel(IReadOnlySet<string> patients) => new(true, null, patients);

    /// <summary>Whether the resource lies inside what this grant allows (never true for a denied grant).</summary>
    public bool Covers(FhirResourceStore store, StoredResource resource)
    {
        if (!Allowed)
        {
            return false;
        }

        if (CompartmentPatient is { } patient)
        {
            return PatientCompartment.Contains(store, resource, patient);
        }

        return PanelPatients is not { } panel || panel.Any(p => PatientCompartment.Contains(store, resource, p));
    }
}
