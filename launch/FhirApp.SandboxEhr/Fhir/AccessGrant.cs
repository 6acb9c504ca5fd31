namespace FhirApp.SandboxEhr.Fhir;

/// <summary>Allowed or not, and if allowed whether only inside one patient's compartment.</summary>
internal readonly record struct AccessGrant(bool Allowed, string? CompartmentPatient)
{
    public static readonly AccessGrant Denied = new(false, null);
    public static readonly AccessGrant Unrestricted = new(true, null);

    public static AccessGrant Compartment(string patient) => new(true, patient);
}
