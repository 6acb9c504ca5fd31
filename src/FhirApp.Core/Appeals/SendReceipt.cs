namespace FhirApp.Core.Appeals;

/// <summary>What a payer channel answered: the channel, the acknowledgement to keep (a tracking number), and the answer as received.</summary>
public sealed record SendReceipt(string Channel, string Acknowledgement, string? Detail);
