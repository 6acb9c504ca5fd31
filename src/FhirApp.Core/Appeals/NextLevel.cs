using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Appeals;

/// <summary>The level after an upheld one: its position, name, form, and deadline counted from the upheld decision.</summary>
public sealed record NextLevel(int Level, string Name, AppealForm Form, Deadline? Deadline);
