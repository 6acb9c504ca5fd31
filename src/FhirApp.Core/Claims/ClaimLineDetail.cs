using System.Globalization;

namespace FhirApp.Core.Claims;

/// <summary>One service line of a claim, with its latest adjudication.</summary>
public sealed record ClaimLineDetail
{
    /// <summary>Item sequence.</summary>
    public required int Sequence { get; init; }

    /// <summary>Date of service of the line.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>Procedure or product code.</summary>
    public string? Code { get; init; }

    /// <summary>Code system of <see cref="Code"/>.</summary>
    public string? CodeSystem { get; init; }

    /// <summary>The resource's display for the code, when present.</summary>
    public string? CodeDisplay { get; init; }

    /// <summary>Modifier codes (25, 59, RT…).</summary>
    public IReadOnlyList<string> Modifiers { get; init; } = [];

    /// <summary>Units (quantity).</summary>
    public decimal? Units { get; init; }

    /// <summary>Line charge (net, else unit price × units).</summary>
    public decimal? Charge { get; init; }

    /// <summary>Place of service code (CMS POS).</summary>
    public string? PlaceOfService { get; init; }

    /// <summary>Diagnosis pointers (diagnosisSequence).</summary>
    public IReadOnlyList<int> DiagnosisPointers { get; init; } = [];

    /// <summary>The diagnosis codes the pointers resolve to.</summary>
    public IReadOnlyList<string> DiagnosisCodes { get; init; } = [];

    /// <summary>The latest adjudication of this line, if any.</summary>
    public LineAdjudication? Adjudication { get; init; }

    /// <summary>One-line display of <see cref="Adjudication"/>: "Denied: CO-197", "Paid 68.50 (CO-45, PR-3)", or null.</summary>
    public string? AdjudicationText
    {
        get
        {
            if (Adjudication is not { } line)
            {
                return null;
            }

            var labels = line.Reasons.OrderBy(r => r.IsDenial ? 0 : 1).Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList();
            var reasons = labels.Count == 0 ? "" : string.Join(", ", labels);
            if (line.Denied)
            {
                return "Denied: " + reasons;
            }

            var paid = line.Paid is { } amount ? "Paid " + amount.ToString("0.00", CultureInfo.InvariantCulture) : "Processed";
            return labels.Count == 0 ? paid : $"{paid} ({reasons})";
        }
    }
}
