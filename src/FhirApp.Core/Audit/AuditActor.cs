namespace FhirApp.Core.Audit;

/// <summary>
/// Who acts: the EHR user's fhirUser reference, the launch it acts in and optionally the client's address. A plain
/// string converts to an actor without a launch (the command line, tests, background jobs).
/// </summary>
public sealed record AuditActor(string User, string? LaunchId = null, string? ClientAddress = null)
{
    public static AuditActor System(string job) => new($"system:{job}");

    public static AuditActor FromString(string user) => new(user);

    public static implicit operator AuditActor(string user) => new(user);

    public override string ToString() => User;
}
