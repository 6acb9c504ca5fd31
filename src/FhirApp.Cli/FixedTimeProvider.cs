namespace FhirApp.Cli;

/// <summary>A clock pinned to one day (--today), so filing-limit findings are the same on every run.</summary>
internal sealed class FixedTimeProvider(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
