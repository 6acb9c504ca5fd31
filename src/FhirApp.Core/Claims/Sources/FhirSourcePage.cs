using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;

namespace FhirApp.Core.Claims.Sources;

/// <summary>One page of a source: its resources and the issues met reading it.</summary>
/// <param name="Origin">Which file or search the page came from (no PHI), e.g. "ExplanationOfBenefit-1.ndjson".</param>
/// <param name="FirstLine">The 0-based line of the origin the page starts at (NDJSON), so a reader can resume after it.</param>
/// <param name="Lines">Lines (or entries) the page covers, read or not.</param>
public sealed record FhirSourcePage(string Origin, long FirstLine, int Lines, IReadOnlyList<Resource> Resources, IReadOnlyList<FhirReadIssue> Issues);
