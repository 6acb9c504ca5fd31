namespace FhirApp.Core.Claims;

/// <summary>A practitioner or organization on a claim.</summary>
public sealed record ProviderSummary(string? Name, string? Npi, string? Reference)
{
    /// <summary>"Susan Patel MD (NPI 1847293051)".</summary>
    public override string ToString() =>
        (Name, Npi) switch
        {
            (null, null) => Reference ?? "",
            (null, { } npi) => "NPI " + npi,
            ({ } name, null) => name,
            ({ } name, { } npi) => $"{name} (NPI {npi})",
        };
}
