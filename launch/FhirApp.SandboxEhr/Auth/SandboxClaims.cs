namespace FhirApp.SandboxEhr.Auth;

internal static class SandboxClaims
{
    public const string Patient = "patient";
    public const string FhirUser = "fhirUser";

    /// <summary>The serialized <see cref="LaunchContext"/>; no destination, so it stays inside codes and refresh tokens.</summary>
    public const string Launch = "sandbox_launch";
}
