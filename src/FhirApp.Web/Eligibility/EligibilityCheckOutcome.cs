using FhirApp.Core.Eligibility;

namespace FhirApp.Web.Eligibility;

/// <summary>The payer's answer, or in plain words why the check could not be made.</summary>
public sealed record EligibilityCheckOutcome(EligibilityAnswer? Answer, string? Problem);
