namespace FhirApp.Cli.Tests.Export;

/// <summary>
/// A fake clock whose timers fire at once, moving its time on by the wait: a slow export's Retry-After waits and the
/// retry handler's waits take no wall-clock time, and each is recorded. Only waits use timers here (no timeouts go
/// through this clock), so firing them at once is the whole of "time passes".
/// </summary>
internal sealed class SkippingClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Pass(TimeSpan wait)
    {
        lock (_lock)
        {
            _waits.Add(wait);
            _now += wait;
        }
    }

    private sealed class Timer(SkippingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !_disposed;
            }
            clock.Pass(dueTime);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!_disposed)
                {
                    callback(state);
                }
            });
            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
