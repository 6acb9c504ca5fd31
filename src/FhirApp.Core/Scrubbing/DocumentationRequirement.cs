namespace FhirApp.Core.Scrubbing;

/// <summary>A payer needs these elements in the note to pay <see cref="Code"/>; the clause says where the payer says so.</summary>
public sealed record DocumentationRequirement(string Code, IReadOnlyList<NoteElement> Elements, string Clause);
