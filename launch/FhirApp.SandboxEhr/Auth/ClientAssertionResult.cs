using System.Security.Claims;

namespace FhirApp.SandboxEhr.Auth;

internal sealed record ClientAssertionResult(ClaimsIdentity? Identity, string? Error)
{
    public static ClientAssertionResult Fail(string error) => new(null, error);
}
