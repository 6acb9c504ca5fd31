namespace FhirApp.Core.Denials;

/// <summary>The last day to act on a denial at one level, and the payer clause (or default) that sets it.</summary>
public sealed record Deadline(DateOnly Date, string Level, string Clause);
