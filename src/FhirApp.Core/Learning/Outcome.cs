using FhirApp.Core.Denials;

namespace FhirApp.Core.Learning;

/// <summary>A payer decision on a claim or line: denied or not, and if so with which reason ("CO-197"), RARC and cause category.</summary>
internal readonly record struct Outcome(bool Denied, string? Reason, string? Rarc, DenialCategory? Category)
{
    public static Outcome Paid { get; } = new(false, null, null, null);
}
