namespace FhirApp.Core.Denials;

/// <summary>
/// A denied line's decided route, at an appeal level (0 = first), with its one-sentence reason; for a level after the
/// first, the date of the prior level's decision, from which that level's window counts.
/// </summary>
public sealed record LineRouting(DenialRoute Route, string Why, int Level = 0, DateOnly? PriorDecision = null);
