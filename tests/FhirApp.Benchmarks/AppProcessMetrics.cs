using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

/// <summary>
/// Listens to another .NET process's metrics over EventPipe (what dotnet-counters does, via the same maintained
/// libraries): the runtime's GC heap and working set, and ASP.NET Core's Blazor circuit counters. Keeps the latest value
/// of each instrument. Plus the kernel's view of the process (/proc/PID/status: VmRSS now, VmHWM peak).
/// </summary>
internal sealed class AppProcessMetrics : IDisposable
{
    public const string HeapSize = "dotnet.gc.last_collection.heap.size";
    public const string WorkingSet = "dotnet.process.memory.working_set";
    public const string Gen2Collections = "dotnet.gc.collections";
    public const string CircuitsActive = "aspnetcore.components.circuit.active";
    public const string CircuitsConnected = "aspnetcore.components.circuit.connected";

    private const string MetricsProvider = "System.Diagnostics.Metrics";
    private const long TimeSeriesValuesKeyword = 0x2;
    private readonly int _pid;
    private readonly ConcurrentDictionary<string, double> _latest = new();
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _pump;
    private readonly string _sessionId = Guid.NewGuid().ToString("N");

    public AppProcessMetrics(int pid)
    {
        _pid = pid;
        var client = new DiagnosticsClient(pid);
        var arguments = new Dictionary<string, string>
        {
            ["SessionId"] = _sessionId,
            ["Metrics"] = "System.Runtime,Microsoft.AspNetCore.Components.Server.Circuits",
            ["RefreshInterval"] = "1",
            ["MaxTimeSeries"] = "1000",
            ["MaxHistograms"] = "20",
            ["ClientId"] = _sessionId,
        };
        _session = client.StartEventPipeSession([new EventPipeProvider(MetricsProvider, EventLevel.Informational, TimeSeriesValuesKeyword, arguments)], requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _pump = Task.Run(() =>
        {
            try
            {
                _source.Process();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
            {
                // the session was stopped or the process ended
            }
        });
    }

    /// <summary>When the last value of any instrument arrived (null before the first).</summary>
    public DateTimeOffset? LastUpdate { get; private set; }

    public double? Latest(string instrument) => _latest.TryGetValue(instrument, out var v) ? v : null;

    /// <summary>Waits until a fresh round of values (published after this call) has arrived, at most <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForFreshValuesAsync(TimeSpan timeout)
    {
        var asked = DateTimeOffset.UtcNow;
        var until = asked + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            if (LastUpdate > asked.AddSeconds(1.2))
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>A field of /proc/PID/status in MiB (VmRSS: resident now, VmHWM: the peak resident size).</summary>
    public double? ProcStatusMiB(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // the process is gone
        }
        return null;
    }

    /// <summary>CPU seconds the process has used so far (user + system, /proc/PID/stat).</summary>
    public double? CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != MetricsProvider || e.PayloadByName("sessionId") as string != _sessionId)
        {
            return;
        }
        if (e.EventName is not ("GaugeValuePublished" or "UpDownCounterRateValuePublished" or "CounterRateValuePublished"))
        {
            return;
        }
        var instrument = e.PayloadByName("instrumentName") as string ?? "";
        var tags = e.PayloadByName("tags") as string ?? "";
        // Counters report a rate per interval; gauges and up-down counters their current value.
        var raw = e.EventName switch
        {
            "GaugeValuePublished" => e.PayloadByName("lastValue") as string,
            "UpDownCounterRateValuePublished" => e.PayloadByName("value") as string,
            _ => null,
        };
        if (instrument == Gen2Collections && tags.Contains("gen2", StringComparison.Ordinal))
        {
            // a counter: its rate per interval adds up to the count since the session started
            if (double.TryParse(e.PayloadByName("rate") as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                _latest.AddOrUpdate(Gen2Collections, rate, (_, old) => old + rate);
            }
        }
        else if (raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            // Heap size comes per generation (tagged gc.heap.generation): add the generations of one round up.
            if (instrument == HeapSize)
            {
                _heapParts[tags] = value;
                value = _heapParts.Values.Sum();
            }
            _latest[instrument] = value;
        }
        LastUpdate = DateTimeOffset.UtcNow;
    }

    private readonly ConcurrentDictionary<string, double> _heapParts = new();

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException)
        {
            // the app has already gone
        }
        _pump.Wait(TimeSpan.FromSeconds(5));
        _source.Dispose();
        _session.Dispose();
    }
}
