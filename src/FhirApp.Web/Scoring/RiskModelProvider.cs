using System.Collections.Concurrent;
using FhirApp.Core.Scoring;
using FhirApp.Core.Scoring.Registry;

namespace FhirApp.Web.Scoring;

/// <summary>
/// The denial-risk model a practice's screens score with: its live registry version, else the folder named by
/// `Scoring:ModelDirectory`, else a cold-start model that says why. Loaded models are kept per practice; each request
/// asks the database only for the live version's id (one indexed query) and reloads when it changed, so a promotion on
/// any app instance takes effect on the next claims load everywhere.
/// </summary>
public sealed class RiskModelProvider(ModelRegistry registry) : IDisposable
{
    private readonly ConcurrentDictionary<string, LiveModel> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async Task<DenialRiskModel> GetAsync(string tenant, CancellationToken ct)
    {
        var liveId = await registry.LiveIdAsync(tenant, ct);
        if (_loaded.TryGetValue(tenant, out var cached) && cached.VersionId == liveId)
        {
            return cached.Model;
        }

        // One load at a time: a promotion must not make every open claim page unpack and load the model at once.
        await _loading.WaitAsync(ct);
        try
        {
            if (_loaded.TryGetValue(tenant, out cached) && cached.VersionId == liveId)
            {
                return cached.Model;
            }

            var live = await registry.LoadLiveAsync(tenant, ct);
            _loaded[tenant] = live;
            return live.Model;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
