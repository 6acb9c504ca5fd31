namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// Annotation the reader puts on every resource it returns: where it came from, and the Bundle entry's fullUrl
/// (needed to resolve <c>urn:uuid:</c> references between entries).
/// </summary>
internal sealed record FhirResourceOrigin(string Source, string? FullUrl);
