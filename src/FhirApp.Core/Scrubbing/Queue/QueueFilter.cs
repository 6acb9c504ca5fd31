namespace FhirApp.Core.Scrubbing.Queue;

/// <summary>What the biller narrowed the queue to; null means any.</summary>
public sealed record QueueFilter(string? Payer = null, string? Provider = null, string? RuleId = null)
{
    public static QueueFilter None { get; } = new();
}
