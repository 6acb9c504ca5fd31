namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>What `fhirapp synth` simulates. The same options, seed and payer policies give the same files, byte for byte.</summary>
public sealed record PracticeSimulatorOptions
{
    public int Patients { get; init; } = 500;

    /// <summary>Months of dates of service before <see cref="Today"/>.</summary>
    public int Months { get; init; } = 12;

    public int Seed { get; init; } = 1;

    /// <summary>Payer id (or the part after "org-payer-") → relative weight; null gives the default mix.</summary>
    public IReadOnlyDictionary<string, double>? PayerMix { get; init; }

    public PracticeSpecialty Specialty { get; init; } = PracticeSpecialty.Mixed;

    /// <summary>
    /// A practice the project has never seen (see RandomizedPracticeSimulator): payers, codes, denial mechanisms and
    /// habits all drawn from the seed, with mechanisms.json and causes.csv written beside truth.csv. Ignores
    /// <see cref="PayerMix"/> and <see cref="Specialty"/>.
    /// </summary>
    public bool Randomized { get; init; }

    /// <summary>
    /// The export day: claims adjudicated by then are history, the rest are future (not yet submitted). The demo payer
    /// policies start on 2026-01-01; dates of service before a payer's first policy version use that version's terms.
    /// </summary>
    public DateOnly Today { get; init; } = new(2026, 12, 31);
}
