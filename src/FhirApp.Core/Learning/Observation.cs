using FhirApp.Core.Denials;

namespace FhirApp.Core.Learning;

/// <summary>One claim (<see cref="Line"/> = -1) or one line of it, as a candidate rule counts it.</summary>
internal readonly record struct Observation(int Claim, int Line, DateOnly Date, Outcome Outcome)
{
    public bool Denied => Outcome.Denied;

    public DenialCategory? Category => Outcome.Category;
}
