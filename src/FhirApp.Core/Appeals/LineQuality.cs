using FhirApp.Core.Denials;

namespace FhirApp.Core.Appeals;

/// <summary>One denied line as the quality bar counts it.</summary>
public sealed record LineQuality(AppealMechanism Mechanism, DenialRoute Action, bool Worked, bool Complete);
