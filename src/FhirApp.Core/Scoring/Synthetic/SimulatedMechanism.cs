namespace FhirApp.Core.Scoring.Synthetic;

/// <summary>
/// The truth about one denial mechanism a payer of a randomized practice uses (`fhirapp synth --randomized`), written to
/// mechanisms.json beside truth.csv so that rules learned from the history can be scored against it. One entry per
/// payer, mechanism and code (or code pair); payer-wide mechanisms (filing limit, member-id format, coverage lapse,
/// unspecified diagnoses) have no code. Only the simulator and the benchmark read this: the rule miner never does.
/// </summary>
public sealed record SimulatedMechanism
{
    public required string PayerId { get; init; }

    public required string PayerName { get; init; }

    /// <summary>
    /// filing-limit, auth-required, referring-required, non-covered, covered-diagnoses, unspecified-diagnosis,
    /// modifier-required, bundled-pair, units-per-day, frequency, place-of-service, member-id-format, coverage-lapse;
    /// and the ones every payer applies: coverage-terminated, duplicate.
    /// </summary>
    public required string Mechanism { get; init; }

    /// <summary>The procedure code the mechanism applies to (the column-two code of a bundled pair).</summary>
    public string? Code { get; init; }

    /// <summary>The column-one code of a bundled pair.</summary>
    public string? OtherCode { get; init; }

    /// <summary>Covered diagnoses (covered-diagnoses), as billed (with the dot).</summary>
    public IReadOnlyList<string>? Diagnoses { get; init; }

    /// <summary>Places of service the payer accepts for the code (place-of-service).</summary>
    public IReadOnlyList<string>? PlacesOfService { get; init; }

    /// <summary>Any one of these modifiers satisfies the requirement (modifier-required), or waives the bundle (bundled-pair).</summary>
    public IReadOnlyList<string>? Modifiers { get; init; }

    /// <summary>Filing limit, frequency window ("within N days") or authorization validity, in days.</summary>
    public int? Days { get; init; }

    /// <summary>Most units per day (units-per-day).</summary>
    public decimal? MaxUnits { get; init; }

    /// <summary>Coverage lapse: months after the coverage start from which coverages may silently end.</summary>
    public int? Months { get; init; }

    /// <summary>Coverage lapse: the chance per month, after <see cref="Months"/>, that a coverage silently ends.</summary>
    public double? MonthlyHazard { get; init; }

    /// <summary>Member-id format as a regular expression, or which diagnoses count as unspecified.</summary>
    public string? Pattern { get; init; }

    /// <summary>Probability that a matching claim is denied.</summary>
    public required double Strictness { get; init; }

    /// <summary>The reason the payer sends, e.g. "CO-197".</summary>
    public required string Carc { get; init; }

    public string? Rarc { get; init; }

    /// <summary>Dates of service from which the payer applies it (null: from before the history).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Dates of service after which the payer stopped applying it (null: still applies).</summary>
    public DateOnly? To { get; init; }

    /// <summary>History (adjudicated) claims the mechanism matched, and how many of those it denied.</summary>
    public int HistoryMatches { get; init; }

    public int HistoryDenials { get; init; }
}
