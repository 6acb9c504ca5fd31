namespace FhirApp.Core.Claims.Fhir;

/// <summary>
/// A problem met while reading FHIR JSON. Never carries resource content: only where it was (file, entry, line),
/// the resource type and id when known, and element paths.
/// </summary>
/// <param name="Source">File path plus entry index (<c>file.json#entry[3]</c>) or line (<c>file.ndjson:12</c>), or the caller's label.</param>
/// <param name="ResourceType">The resource type when it could be read.</param>
/// <param name="ResourceId">The resource id when it could be read.</param>
/// <param name="Message">What went wrong, with element paths but no values.</param>
/// <param name="Skipped"><c>true</c> when nothing was read (the resource or file was dropped); <c>false</c> for a lenient fix-up.</param>
public sealed record FhirReadIssue(string Source, string? ResourceType, string? ResourceId, string Message, bool Skipped);
