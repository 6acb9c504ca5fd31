namespace FhirApp.Core.Denials;

/// <summary>Who owns the fix of a denial's root cause.</summary>
public enum DenialOwner
{
    FrontDesk,
    Coding,
    Authorization,
    Clinician,
    Billing,
}
