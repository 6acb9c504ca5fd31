namespace FhirApp.Web.Smart;

/// <summary>
/// The EHR no longer accepts this launch's tokens (refresh refused, revoked, or no refresh token): the user must relaunch
/// from the chart. <see cref="Answer"/> is what the EHR's token endpoint said, when it said something.
/// </summary>
public sealed class RelaunchRequiredException(string reason, TokenEndpointAnswer? answer = null) : Exception(reason)
{
    public TokenEndpointAnswer? Answer { get; } = answer;
}
