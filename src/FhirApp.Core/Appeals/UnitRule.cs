namespace FhirApp.Core.Appeals;

/// <summary>How a documented dose, time or session gives billing units for some codes (units.json).</summary>
public sealed record UnitRule
{
    /// <summary>Codes or ranges, as in criteria.json.</summary>
    public required IReadOnlyList<string> Codes { get; init; }

    public required UnitKind Kind { get; init; }

    /// <summary>For <see cref="UnitKind.Dose"/>: the amount of <see cref="Unit"/> in one billing unit.</summary>
    public decimal? Per { get; init; }

    /// <summary>For <see cref="UnitKind.Dose"/>: mg, mcg, mL, units.</summary>
    public string? Unit { get; init; }

    /// <summary>Where the unit definition comes from, cited in the letter.</summary>
    public required string Source { get; init; }
}
