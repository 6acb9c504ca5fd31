using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>EHR launch codes: random, five minutes, single use.</summary>
internal sealed class LaunchCodeStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (LaunchContext Context, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);

    public string Create(LaunchContext context)
    {
        foreach (var (key, value) in _codes)
        {
            if (value.Expires <= time.GetUtcNow())
            {
                _codes.TryRemove(key, out _);
            }
        }

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _codes[code] = (context, time.GetUtcNow() + Lifetime);
        return code;
    }

    /// <summary>Removes the code whatever happens, so a second use always fails.</summary>
    public LaunchContext? Redeem(string code, string clientId)
    {
        if (!_codes.TryRemove(code, out var entry) || entry.Expires <= time.GetUtcNow())
        {
            return null;
        }

        return string.Equals(entry.Context.ClientId, clientId, StringComparison.Ordinal) ? entry.Context : null;
    }
}
