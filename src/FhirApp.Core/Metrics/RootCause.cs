using FhirApp.Core.Denials;

namespace FhirApp.Core.Metrics;

/// <summary>
/// One repeated cause of denials: the same payer denying the same procedure for the same reason. The dashboard's top
/// three (by denied dollars) each carry a recommendation in words and the claims they come from.
/// </summary>
public sealed record RootCause
{
    public required string? PayerId { get; init; }

    public required string? Procedure { get; init; }

    public required DenialCategory Category { get; init; }

    public required DenialOwner Owner { get; init; }

    /// <summary>The scrubber rule family that should have caught it ("auth"); null when no rule does.</summary>
    public string? RuleFamily { get; init; }

    /// <summary>"CO-197", or the error code of a rejection.</summary>
    public string? Reason { get; init; }

    public string? Carc { get; init; }

    public int Claims { get; init; }

    public decimal Amount { get; init; }

    public DateOnly? Since { get; init; }

    /// <summary>The denied claims, most recent decision first (at most ten).</summary>
    public IReadOnlyList<RootCauseClaim> ClaimList { get; init; } = [];

    /// <summary>A rule of this family the practice turned off for this payer (the latest switch says off); null when none.</summary>
    public string? RuleTurnedOff { get; init; }
}
