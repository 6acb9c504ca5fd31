using System.Collections.Concurrent;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>Remembers each client assertion's jti until it expires, so a replay is refused.</summary>
internal sealed class JtiReplayCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>Returns false when the jti was already used by this client.</summary>
    public bool TryUse(string clientId, string jti, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(key, out _);
            }
        }

        // Keep a margin past exp so clock skew cannot reopen the window.
        return _seen.TryAdd($"{clientId}\n{jti}", expires + TimeSpan.FromMinutes(1));
    }
}
