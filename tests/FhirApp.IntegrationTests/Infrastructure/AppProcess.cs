using System.Collections.Concurrent;
using System.Diagnostics;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// The Release build of FhirApp.Web as a real process, configured by environment variables, its output kept in memory so
/// a test can read what it logged. <see cref="Kill"/> is SIGKILL on Linux: no shutdown hooks, no finally blocks.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll { get; } = Path.Combine(RepoPaths.Root, "src", "FhirApp.Web", "bin", "Release", "net10.0", "FhirApp.Web.dll");

    public string Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far, in order.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the app on <paramref name="url"/> with smart-config and keys in <paramref name="temp"/>, small pages, quick
    /// retries and warnings-only logs; <paramref name="settings"/> (environment variable names) add to or override that.
    /// </summary>
    public static AppProcess Start(string temp, string url, string configDir, IReadOnlyDictionary<string, string> settings)
    {
        File.Exists(Dll).ShouldBeTrue($"{Dll} is missing: build the solution in Release first.");
        var start = new ProcessStartInfo("dotnet", [Dll])
        {
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Production refuses to start with an unprotected key ring.
        var certificate = Path.Combine(temp, "key-ring.pfx");
        if (!File.Exists(certificate))
        {
            TestCertificates.WriteKeyRingCertificate(certificate);
        }
        start.Environment["DataProtection__CertificatePath"] = certificate;
        start.Environment["DataProtection__CertificatePassword"] = TestCertificates.Password;
        start.Environment["Urls"] = url;
        start.Environment["Smart__ConfigDirectory"] = configDir;
        start.Environment["Smart__KeyDirectory"] = Path.Combine(temp, "keys");
        start.Environment["Smart__GenerateMissingKeys"] = "true";
        start.Environment["Jobs__PageSize"] = "10";
        start.Environment["Jobs__RetryBaseDelayMilliseconds"] = "100";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        return new AppProcess(Process.Start(start)!, url);
    }

    /// <summary>Completes when the process exits.</summary>
    public Task ExitedAsync() => _process.WaitForExitAsync();

    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
