namespace FhirApp.Web.Smart;

/// <summary>Which sign-in the user started, which decides the scope level FhirApp asks for.</summary>
public enum LaunchKind
{
    /// <summary>From a patient's chart in the EHR (`/launch`): `launch` and patient/ scopes.</summary>
    Patient,

    /// <summary>From the EHR's billing worklist (`/launch/practice`): `launch` and user/ scopes, no patient.</summary>
    Practice,

    /// <summary>Started in FhirApp (`/launch/standalone/{registration}`): `launch/patient` and patient/ scopes; the user picks a patient.</summary>
    Standalone,
}
