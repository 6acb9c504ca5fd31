namespace FhirApp.Web.Jobs.Export;

/// <summary>The mode chosen for a registration, why (in plain words), and when the EHR's capabilities were read.</summary>
public sealed record IntakeModeChoice(IntakeMode Mode, string Reason, DateTimeOffset CheckedAt);
