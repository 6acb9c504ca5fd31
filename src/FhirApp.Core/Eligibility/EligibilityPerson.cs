namespace FhirApp.Core.Eligibility;

/// <summary>A member as one side knows them: name, date of birth, gender (M/F/U) and, for a subscriber, the member id.</summary>
public sealed record EligibilityPerson(string? Last, string? First, DateOnly? BirthDate, string? Gender, string? MemberId = null);
