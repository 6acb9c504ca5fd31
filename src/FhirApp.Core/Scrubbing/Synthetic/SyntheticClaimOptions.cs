namespace FhirApp.Core.Scrubbing.Synthetic;

/// <summary>What to generate. The same options and seed always give the same resources, byte for byte.</summary>
public sealed record SyntheticClaimOptions
{
    /// <summary>Claims to generate (use = claim), duplicates included.</summary>
    public required int Claims { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Chance that a claim gets exactly one defect; 0 gives a clean practice.</summary>
    public double DefectProbability { get; init; }

    /// <summary>The defects to draw from; all of them by default.</summary>
    public IReadOnlyList<InjectedDefect>? Defects { get; init; }

    /// <summary>
    /// The day the claims are scrubbed: clean dates of service fall 5 to 60 days before it (inside every demo payer's
    /// filing limit and warning window); the demo payer policies start on 2026-01-01, so keep it after mid-2026.
    /// </summary>
    public DateOnly Today { get; init; } = new(2026, 6, 30);
}
