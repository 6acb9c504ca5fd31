namespace FhirApp.Web.Fhir;

/// <summary>A resource the EHR sent that could not be read. Carries its type, id and the reason, never its content.</summary>
public sealed record SkippedResource(string ResourceType, string? Id, string Message);
