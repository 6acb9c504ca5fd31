namespace FhirApp.Core.Documentation;

/// <summary>
/// One thing an appeal must show. Either a quote of the chart: how to find it (<paramref name="Query"/>, BM25), how to
/// tell a sentence shows it (<paramref name="Check"/>), and the neutral question for the clinician when the chart lacks it
/// ({date}, {code} filled from the line); or a coded fact of the claim, its coverage or its authorizations
/// (<paramref name="Fact"/>). An <paramref name="Optional"/> criterion strengthens a letter when met and never holds one back.
/// </summary>
public sealed record Criterion(string Id, string Text, string? Query = null, string? Check = null, string? Question = null, string? Fact = null, bool Optional = false)
{
    /// <summary>Met by a quote of the chart (else by a coded fact).</summary>
    public bool IsQuote => Check is not null;
}
