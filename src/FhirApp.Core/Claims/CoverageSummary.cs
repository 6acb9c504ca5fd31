namespace FhirApp.Core.Claims;

/// <summary>The coverage a claim bills.</summary>
public sealed record CoverageSummary
{
    /// <summary>Coverage id, when the resource was found.</summary>
    public string? Id { get; init; }

    /// <summary>Payer name.</summary>
    public string? PayerName { get; init; }

    /// <summary>Subscriber (member) id.</summary>
    public string? SubscriberId { get; init; }

    /// <summary>Plan name or value (Coverage.class of type plan).</summary>
    public string? Plan { get; init; }

    /// <summary>Coverage period start.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Coverage period end.</summary>
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>Coverage status code.</summary>
    public string? Status { get; init; }

    /// <summary>The period for display: "2026-01-01 – 2026-12-31", "from 2019-11-01", or null.</summary>
    public string? Period => (PeriodStart, PeriodEnd) switch
    {
        (null, null) => null,
        ({ } start, null) => $"from {start:yyyy-MM-dd}",
        (null, { } end) => $"until {end:yyyy-MM-dd}",
        ({ } start, { } end) => $"{start:yyyy-MM-dd} – {end:yyyy-MM-dd}",
    };
}
