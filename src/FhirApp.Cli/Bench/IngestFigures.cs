using System.Diagnostics;
using System.Globalization;

namespace FhirApp.Cli.Bench;

/// <summary>
/// Figures every ingest benchmark prints beside its throughput: the raw NDJSON read rate of the same files
/// (<c>File.ReadLines</c>, the floor no reader beats), the benchmark's rate as a ratio of it, and the cost per core
/// (CPU time per item, so a busy shared machine moves it less than wall-clock throughput).
/// </summary>
internal static class IngestFigures
{
    /// <summary>Bytes per second of <c>File.ReadLines</c> over the files, best of two passes (the second from the page cache).</summary>
    public static double RawReadBytesPerSecond(IReadOnlyCollection<string> files)
    {
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var best = double.MaxValue;
        for (var pass = 0; pass < 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            long characters = 0;
            foreach (var file in files.Where(f => Path.GetExtension(f) is ".ndjson" or ".jsonl" or ".json"))
            {
                foreach (var line in File.ReadLines(file))
                {
                    characters += line.Length;
                }
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            GC.KeepAlive(characters);
        }

        return bytes / Math.Max(best, 1e-6);
    }

    /// <summary>The process's CPU time so far (all threads).</summary>
    public static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The lines to print: read rate, ratio, cost per core.</summary>
    public static IEnumerable<string> Lines(string unit, int items, long bytes, TimeSpan best, TimeSpan cpuOfBest, double rawBytesPerSecond)
    {
        var c = CultureInfo.InvariantCulture;
        var rate = bytes / best.TotalSeconds;
        yield return string.Create(c, $"Raw NDJSON read (File.ReadLines, same {bytes / 1048576.0:F1} MiB): {rawBytesPerSecond / 1048576.0:F1} MiB/s; this benchmark {rate / 1048576.0:F1} MiB/s; ratio to raw read {rate / rawBytesPerSecond:F3} (goal >= 0.3)");
        yield return string.Create(c, $"Cost per core: {cpuOfBest.TotalMilliseconds * 1000 / Math.Max(1, items):F1} us CPU per {unit}, {items / Math.Max(cpuOfBest.TotalSeconds, 1e-6):F0} {unit}s per core-second ({cpuOfBest.TotalSeconds / best.TotalSeconds:F2} cores busy of {Environment.ProcessorCount}); load average {LoadAverage()}");
    }

    /// <summary>Other processes on a shared machine move these figures: print the load so a reader can judge them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
