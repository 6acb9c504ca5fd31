namespace FhirApp.Core.Denials;

/// <summary>
/// Whose denials a caller may see and work: one practice (tenant) as a whole, or one patient of it (a launch from that
/// patient's chart). Every read and change of <see cref="DenialService"/> is confined to it; an item outside it is treated
/// as one that does not exist. A plain string is a whole practice (background jobs, tests, practice launches).
/// </summary>
public sealed record DenialScope(string Tenant, string? PatientId = null)
{
    public static DenialScope Practice(string tenant) => new(tenant);

    /// <summary>One patient of the practice, by the bare patient id (as work items store it).</summary>
    public static DenialScope Patient(string tenant, string patientId) =>
        new(tenant, string.IsNullOrEmpty(patientId) ? throw new ArgumentException("A patient scope needs the patient.", nameof(patientId)) : patientId);

    public static DenialScope FromString(string tenant) => new(tenant);

    public static implicit operator DenialScope(string tenant) => new(tenant);
}
