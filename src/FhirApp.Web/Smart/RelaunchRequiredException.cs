namespace FhirApp.Web.Smart;

/// <summary>The EHR no longer accepts this launch's tokens (refresh refused, revoked, or no refresh token): the user must relaunch from the chart.</summary>
public sealed class RelaunchRequiredException(string reason) : Exception(reason);
