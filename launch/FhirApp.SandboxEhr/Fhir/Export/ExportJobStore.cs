using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;

namespace FhirApp.SandboxEhr.Fhir.Export;

/// <summary>
/// The sandbox's Bulk Data export jobs, in memory, with their NDJSON files on disk (a job of 100,000 EOBs is far
/// bigger than a test wants held in memory). A kick-off snapshots what matches at its transactionTime and writes the
/// files in the background; the status endpoint reports progress until they are written (and the slow hook's polls
/// are used up), then the manifest.
/// </summary>
internal sealed class ExportJobStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExportJob> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<ExportScenario> _scenarios = new();
    private readonly FhirResourceStore _store;
    private readonly TimeProvider _time;
    private readonly IOptions<SandboxOptions> _options;
    private readonly ILogger<ExportJobStore> _logger;
    private readonly string _root;

    public ExportJobStore(FhirResourceStore store, TimeProvider time, IOptions<SandboxOptions> options, ILogger<ExportJobStore> logger)
    {
        _store = store;
        _time = time;
        _options = options;
        _logger = logger;
        var configured = options.Value.Export.WorkDirectory;
        _root = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetTempPath(), "sandbox-export-" + Guid.NewGuid().ToString("N"))
            : Path.Combine(configured, Guid.NewGuid().ToString("N"));
    }

    private SandboxExportOptions Options => _options.Value.Export;

    public void AddScenarios(IEnumerable<ExportScenario> scenarios)
    {
        lock (_gate)
        {
            foreach (var scenario in scenarios)
            {
                _scenarios.Enqueue(scenario);
            }
        }
    }

    public void ClearScenarios()
    {
        lock (_gate)
        {
            _scenarios.Clear();
        }
    }

    /// <summary>Every completed job's file URLs expire now (a download then answers 410).</summary>
    public int ExpireFiles()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var expired = 0;
            foreach (var job in _jobs.Values.Where(j => j.FilesWritten))
            {
                job.FilesExpireAt = now;
                expired++;
            }
            return expired;
        }
    }

    /// <summary>Jobs the client has running; one more than <see cref="SandboxExportOptions.MaxActiveJobsPerClient"/> is refused.</summary>
    public ExportJob? Start(string clientId, string request, IReadOnlyList<string> types, DateTimeOffset? since, IReadOnlySet<string>? patients)
    {
        ExportJob job;
        lock (_gate)
        {
            if (_jobs.Values.Count(j => j.ClientId == clientId && j.Active) >= Options.MaxActiveJobsPerClient)
            {
                return null;
            }

            var scenario = _scenarios.Count > 0 ? _scenarios.Dequeue() : null;
            var id = Guid.NewGuid().ToString("N");
            job = new ExportJob
            {
                Id = id,
                ClientId = clientId,
                Request = request,
                TransactionTime = _time.GetUtcNow(),
                Directory = Path.Combine(_root, id),
                PollsBeforeDone = scenario?.Kind == "slow" ? scenario.Polls : 0,
                LeaveOut = scenario?.Kind == "partial" ? scenario.Count : 0,
                Fail = scenario?.Kind == "fail",
            };
            _jobs[id] = job;
        }

        _ = Task.Run(() => Write(job, types, since, patients));
        return job;
    }

    /// <summary>The job if it exists and belongs to the client; counts a status poll when <paramref name="poll"/>.</summary>
    public ExportJob? Find(string id, string? clientId, bool poll = false)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out var job) || job.ClientId != clientId)
            {
                return null;
            }

            if (poll && job.FilesWritten)
            {
                job.Polls++;
            }

            return job;
        }
    }

    public bool Delete(string id, string? clientId)
    {
        ExportJob? job;
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out job) || job.ClientId != clientId)
            {
                return false;
            }

            _jobs.Remove(id);
        }

        TryDeleteDirectory(job.Directory);
        return true;
    }

    public bool Expired(ExportJob job)
    {
        lock (_gate)
        {
            return job.FilesExpireAt is { } at && _time.GetUtcNow() >= at;
        }
    }

    private void Write(ExportJob job, IReadOnlyList<string> types, DateTimeOffset? since, IReadOnlySet<string>? patients)
    {
        try
        {
            Directory.CreateDirectory(job.Directory);
            var selected = types.Select(type => (Type: type, Resources: _store.OfType(type)
                .Where(r => since is not { } s || (r.LastUpdated is { } at && at >= s))
                .Where(r => patients is null || InGroup(r, patients))
                .ToList())).ToList();
            lock (_gate)
            {
                job.Total = selected.Sum(s => s.Resources.Count);
            }

            var leftOut = new List<StoredResource>();
            foreach (var (type, resources) in selected)
            {
                var keep = resources;
                if (job.LeaveOut > leftOut.Count)
                {
                    var take = Math.Min(job.LeaveOut - leftOut.Count, resources.Count);
                    leftOut.AddRange(resources.Take(take));
                    keep = [.. resources.Skip(take)];
                }

                for (var part = 0; part * Options.ResourcesPerFile < keep.Count; part++)
                {
                    var chunk = keep.Skip(part * Options.ResourcesPerFile).Take(Options.ResourcesPerFile).ToList();
                    var name = $"{type}-{part + 1}.ndjson";
                    var path = Path.Combine(job.Directory, name);
                    File.WriteAllLines(path, chunk.Select(r => r.Json), new UTF8Encoding(false));
                    lock (_gate)
                    {
                        job.Output.Add(new ExportFile(type, name, path, chunk.Count));
                        job.Written += chunk.Count;
                    }
                }
            }

            if (leftOut.Count > 0)
            {
                var path = Path.Combine(job.Directory, "OperationOutcome-1.ndjson");
                File.WriteAllLines(path, leftOut.Select(r => OperationOutcomes.Create("exception",
                    $"{r.Reference} could not be exported: the record is locked for editing.").ToJsonString()), new UTF8Encoding(false));
                lock (_gate)
                {
                    job.Errors.Add(new ExportFile("OperationOutcome", "OperationOutcome-1.ndjson", path, leftOut.Count));
                }
            }

            lock (_gate)
            {
                job.Failure = job.Fail ? "The export failed on the server (test hook)." : null;
                job.FilesExpireAt = _time.GetUtcNow().AddSeconds(Options.FileLifetimeSeconds);
                job.FilesWritten = true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Export job {Job} could not write its files", job.Id);
            lock (_gate)
            {
                job.Failure = "The export could not write its files.";
                job.FilesWritten = true;
            }
        }
    }

    /// <summary>In the group: a resource of one of its patients, or one that belongs to no patient (Organization, Practitioner…).</summary>
    private bool InGroup(StoredResource resource, IReadOnlySet<string> patients)
    {
        if (resource.Type == "Patient")
        {
            return patients.Contains(resource.Id);
        }

        var owners = ReferenceSearchParameters.CompartmentPaths(resource.Type)
            .SelectMany(path => JsonPaths.References(resource.Element, path))
            .Select(_store.ResolveReference)
            .Where(r => r is not null && r.StartsWith("Patient/", StringComparison.Ordinal))
            .Select(r => r!["Patient/".Length..])
            .ToList();
        return owners.Count == 0 || owners.Any(patients.Contains);
    }

    public JsonObject Manifest(ExportJob job, string fhirBase)
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["transactionTime"] = job.TransactionTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["request"] = job.Request,
                ["requiresAccessToken"] = true,
                ["output"] = new JsonArray([.. job.Output.Select(f => (JsonNode)FileEntry(f, job, fhirBase, withCount: true))]),
                ["error"] = new JsonArray([.. job.Errors.Select(f => (JsonNode)FileEntry(f, job, fhirBase, withCount: false))]),
            };
        }
    }

    private static JsonObject FileEntry(ExportFile file, ExportJob job, string fhirBase, bool withCount)
    {
        var entry = new JsonObject { ["type"] = file.Type, ["url"] = $"{fhirBase}/$export-file/{job.Id}/{file.Name}" };
        if (withCount)
        {
            entry["count"] = file.Count;
        }
        return entry;
    }

    private void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Export files at {Path} could not be removed", path);
        }
    }

    public void Dispose() => TryDeleteDirectory(_root);
}
