using System.Collections.Concurrent;
using FhirApp.Core.Denials;
using Hl7.Fhir.Model;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// Test double of the denials intake: idempotent by (type, id, versionId) like the real sink, counting every delivery.
/// <see cref="FailAfterPages"/> makes it throw right after storing that many pages, as a crash between the sink's
/// commit and the checkpoint's would.
/// </summary>
public sealed class CountingSink : IAdjudicationSink
{
    private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);
    private int _pages;

    public int? FailAfterPages { get; set; }

    public IReadOnlyDictionary<string, int> Deliveries => _deliveries;

    public HashSet<string> StoredSet => [.. _deliveries.Keys];

    public Task<IntakeResult> StoreAsync(string tenant, string source, IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        int stored = 0, already = 0;
        foreach (var r in resources)
        {
            if (_deliveries.AddOrUpdate(AdjudicationData.Key(r.TypeName, r.Id ?? "", r.Meta?.VersionId), 1, (_, n) => n + 1) == 1)
            {
                stored++;
            }
            else
            {
                already++;
            }
        }
        if (Interlocked.Increment(ref _pages) == FailAfterPages)
        {
            throw new IOException("Simulated crash after the page was stored, before the checkpoint moved.");
        }
        return System.Threading.Tasks.Task.FromResult(new IntakeResult(stored, already, 0));
    }
}
