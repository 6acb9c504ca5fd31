using Microsoft.Extensions.Caching.Memory;

namespace FhirApp.Web.Smart;

/// <summary>
/// What this process keeps in memory of a launch's patient data, keyed per launch: the record just read (so a page's
/// prerender and interactive render share one load) and the last good one (shown, marked stale, while the EHR is
/// unreachable). <see cref="Drop"/> forgets both at once: when the EHR refuses the launch (401 / 403) and when the launch
/// ends, so no cached PHI outlives the launch's token.
/// </summary>
public sealed class LaunchDataCache(IMemoryCache cache)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(2);

    // The last good record is dropped after this long without use, and in any case when the launch ends.
    private static readonly TimeSpan KeepLastGoodFor = TimeSpan.FromMinutes(30);

    public T? Fresh<T>(string launchId) where T : class => cache.Get<T>(FreshKey(launchId));

    public T? LastGood<T>(string launchId) where T : class => cache.Get<T>(LastGoodKey(launchId));

    public void Keep<T>(string launchId, T value) where T : class
    {
        cache.Set(FreshKey(launchId), value, FreshFor);
        cache.Set(LastGoodKey(launchId), value, new MemoryCacheEntryOptions { SlidingExpiration = KeepLastGoodFor });
    }

    /// <summary>The next read goes to the EHR (after the app wrote to it); the last good copy stays for outages.</summary>
    public void Expire(string launchId) => cache.Remove(FreshKey(launchId));

    /// <summary>Forgets everything of the launch.</summary>
    public void Drop(string launchId)
    {
        cache.Remove(FreshKey(launchId));
        cache.Remove(LastGoodKey(launchId));
    }

    private static string FreshKey(string launchId) => "patient-claims:" + launchId;

    private static string LastGoodKey(string launchId) => "patient-claims-last-good:" + launchId;
}
