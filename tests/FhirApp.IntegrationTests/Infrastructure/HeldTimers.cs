namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="TimeProvider"/> that tells the real time but holds every timer it creates (so every
/// <c>Task.Delay(…, provider)</c>) until <see cref="Release"/>. Given to the sandbox EHR, its "delay" fault becomes a gate
/// the test opens, instead of a duration the test hopes is long enough on a loaded machine; <see cref="FirstHeld"/> says
/// when a request is being held. Hand-written: FakeTimeProvider would hold the timers too, but it also stops the clock,
/// and the sandbox checks the app's client assertions and tokens against the real time.
/// </summary>
internal sealed class HeldTimers : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<HeldTimer> _held = [];
    private readonly TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _released;

    /// <summary>Completes when the first timer is held (a request is waiting at the gate).</summary>
    public Task FirstHeld => _firstHeld.Task;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_released)
            {
                return System.CreateTimer(callback, state, dueTime, period);
            }

            var timer = new HeldTimer(this, callback, state);
            _held.Add(timer);
            _firstHeld.TrySetResult();
            return timer;
        }
    }

    /// <summary>Fires every held timer once and lets later timers run on the real clock.</summary>
    public void Release()
    {
        List<HeldTimer> held;
        lock (_lock)
        {
            _released = true;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var timer in held)
        {
            timer.Fire();
        }
    }

    private void Forget(HeldTimer timer)
    {
        lock (_lock)
        {
            _held.Remove(timer);
        }
    }

    private sealed class HeldTimer(HeldTimers owner, TimerCallback callback, object? state) : ITimer
    {
        private int _done;

        public bool Change(TimeSpan dueTime, TimeSpan period) => Volatile.Read(ref _done) == 0; // held whatever the new time

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _done, 1);
            owner.Forget(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
