namespace FhirApp.Core.Claims;

/// <summary>A payer's amounts and reasons for one claim line.</summary>
public sealed record LineAdjudication
{
    /// <summary>The claim item sequence this adjudication is for.</summary>
    public required int Sequence { get; init; }

    /// <summary>Submitted (billed) amount.</summary>
    public decimal? Submitted { get; init; }

    /// <summary>Allowed (eligible) amount.</summary>
    public decimal? Allowed { get; init; }

    /// <summary>Benefit paid (benefit, or paid to provider plus paid to patient).</summary>
    public decimal? Paid { get; init; }

    /// <summary>Amount applied to the deductible.</summary>
    public decimal? Deductible { get; init; }

    /// <summary>Coinsurance amount.</summary>
    public decimal? Coinsurance { get; init; }

    /// <summary>Copay amount.</summary>
    public decimal? Copay { get; init; }

    /// <summary>Reasons given for this line.</summary>
    public IReadOnlyList<AdjudicationReason> Reasons { get; init; } = [];

    /// <summary>Whether the line was denied: a denial reason and no benefit.</summary>
    public bool Denied { get; init; }
}
