namespace FhirApp.Cli.Tests.Export;

/// <summary>One small simulated practice (synth) whose history the sandbox EHR serves, shared by the export tests.</summary>
public sealed class ExportedPractice : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("fhirapp-cli-export-practice-");

    public string History => Path.Combine(_work.FullName, "practice", "history");

    /// <summary>Lines per file of the history (the resources per type the EHR holds).</summary>
    public IReadOnlyDictionary<string, int> ResourcesPerType { get; private set; } = new Dictionary<string, int>();

    /// <summary>The adjudicated claims of the history (the simulator's truth.csv, set "history").</summary>
    public int HistoryClaims { get; private set; }

    public async Task InitializeAsync()
    {
        using var output = new StringWriter();
        var exit = await FhirAppCommandLine.RunAsync(["synth", "--out", Path.Combine(_work.FullName, "practice"), "--patients", "60", "--months", "12", "--seed", "3"], output);
        exit.ShouldBe(0, output.ToString());
        ResourcesPerType = Directory.EnumerateFiles(History, "*.ndjson").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f), f => File.ReadLines(f).Count(l => l.Length > 0), StringComparer.Ordinal);
        HistoryClaims = File.ReadLines(Path.Combine(_work.FullName, "practice", "truth.csv")).Count(l => l.EndsWith(",history", StringComparison.Ordinal));
    }

    public Task DisposeAsync()
    {
        _work.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
