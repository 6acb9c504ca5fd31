using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirApp.IntegrationTests;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.SandboxEhr;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

/// <summary>
/// Load on loopback: U concurrent users, each its own Chromium browser context, each doing N iterations of "open the
/// sandbox EHR, launch FhirApp for a patient, wait for the claims, open one claim". The app runs as its own process (the
/// Release FhirApp.Web.dll, SQLite) so its memory is its own: sampled over EventPipe (GC heap, working set, Blazor
/// circuits) and /proc, at baseline (warmed up, no circuits) and with every user's last page still open.
/// Bounded: after --max-seconds outstanding users are stopped and the run reports what it has; every failure is counted
/// by kind, none ends the run. Last line: load_users=… launch_p50_ms=… (machine-readable).
/// </summary>
internal static class LoadBenchmark
{
    private const string ClientId = "fhirapp-load";

    // The demo fixtures' patients (all have claims) and practitioners: users are spread over both.
    private static readonly string[] Patients = ["p-maria-lopez", "p-james-carter", "p-robert-king", "p-linda-nguyen"];
    private static readonly string[] Practitioners = ["Practitioner/pr-emily-chen", "Practitioner/pr-susan-patel", "Practitioner/pr-david-kim"];

    // What a launch or a claim page can end in besides success; #blazor-error-ui shows on an unhandled circuit error.
    private const string LaunchOutcome = "tr.claim-row, #error-title, #load-failure, #no-claims, #blazor-error-ui:visible";
    private const string ClaimOutcome = "#claim-lines, #claim-not-found, #load-failure, #error-title, #blazor-error-ui:visible";

    public static async Task RunAsync(string[] args)
    {
        var users = Option(args, "--users", 50);
        var iterations = Option(args, "--iterations", 3);
        var maxSeconds = Option(args, "--max-seconds", 300);
        var browserCount = Math.Clamp(Option(args, "--browsers", 1), 1, users);
        var stepTimeoutMs = Option(args, "--step-timeout", 60) * 1000;
        var rampMs = Option(args, "--ramp-seconds", 0) * 1000;

        // The app as deployed: published output (a build folder serves no static web assets outside Development, so
        // Blazor's script would be missing). Building this benchmark built FhirApp.Web in Release; publish copies it.
        var publishDir = Path.Combine(RepoPaths.Root, "artifacts", "load", "web");
        if (!await PublishAsync(publishDir))
        {
            Environment.ExitCode = 2;
            return;
        }
        var dll = Path.Combine(publishDir, "FhirApp.Web.dll");

        var temp = Directory.CreateTempSubdirectory("fhirapp-load-").FullName;
        var appUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var sandboxUrl = $"http://127.0.0.1:{FreePort.Next()}";
        WebApplication? sandbox = null;
        Process? app = null;
        AppProcessMetrics? metrics = null;
        try
        {
            sandbox = await StartSandboxAsync(sandboxUrl, appUrl);
            app = StartApp(dll, temp, appUrl, sandboxUrl);
            await WaitUntilServingAsync(app, $"{appUrl}/.well-known/jwks.json");
            metrics = new AppProcessMetrics(app.Id);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sandbox EHR {sandboxUrl} (in this process), FhirApp {appUrl} (pid {app.Id}, Release, SQLite); {users} users x {iterations} iterations, {browserCount} Chromium process(es), deadline {maxSeconds} s"));

            using var playwright = await Playwright.CreateAsync();
            var browsers = new List<IBrowser>();
            for (var b = 0; b < browserCount; b++)
            {
                browsers.Add(await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs }));
            }

            // Warm-up: one launch and one claim per patient (JIT, caches, first token), then that page leaves the app.
            await using (var warm = await browsers[0].NewContextAsync())
            {
                var page = await warm.NewPageAsync();
                page.SetDefaultTimeout(stepTimeoutMs * 2);
                foreach (var patient in Patients)
                {
                    var (outcome, _, _, _) = await IterationAsync(page, sandboxUrl, patient, Practitioners[0], 0);
                    if (outcome is not null)
                    {
                        throw new InvalidOperationException($"warm-up launch for a demo patient failed: {outcome}");
                    }
                }
                await page.GotoAsync("about:blank"); // pagehide: Blazor tells the server the circuit is done
            }
            var circuitsGone = await WaitForCircuitsAsync(metrics, c => c == 0, TimeSpan.FromSeconds(20));
            await metrics.WaitForFreshValuesAsync(TimeSpan.FromSeconds(5));
            var baseline = Sample(metrics);
            Console.WriteLine($"baseline (warmed up, {(circuitsGone ? "no circuits" : "warm-up circuit still counted")}): {baseline}");

            // The load.
            var results = new ConcurrentBag<Timing>();
            var errors = new ConcurrentDictionary<string, int>();
            var holding = new ConcurrentBag<IBrowserContext>();
            using var stop = new CancellationTokenSource(); // the memory sampler
            using var halt = new CancellationTokenSource(); // the users, at the deadline
            var peakRss = 0.0;
            var peakHeap = 0.0;
            var cpuBefore = metrics.CpuSeconds() ?? 0;
            var machineBefore = MachineCpu();
            var oursBefore = OwnCpuSeconds(app.Id);
            var clock = Stopwatch.StartNew(); // --max-seconds bounds the load phase; setup steps have their own time limits
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peakRss = Math.Max(peakRss, metrics.ProcStatusMiB("VmRSS") ?? 0);
                    peakHeap = Math.Max(peakHeap, (metrics.Latest(AppProcessMetrics.HeapSize) ?? 0) / (1024 * 1024));
                    await Task.Delay(500);
                }
            });
            // --ramp-seconds: user u starts at u/users of the ramp (0: all at once)
            var tasks = Enumerable.Range(0, users).Select(u => Task.Run(() => UserAsync(
                u, rampMs * u / users, browsers[u % browsers.Count], sandboxUrl, iterations, stepTimeoutMs, results, errors, holding, halt.Token))).ToList();
            var all = Task.WhenAll(tasks);
            var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(maxSeconds))) == all;
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var cpuAfter = metrics.CpuSeconds() ?? 0;
            var machineAfter = MachineCpu();
            var oursAfter = OwnCpuSeconds(app.Id);
            if (!finished)
            {
                await halt.CancelAsync(); // no user starts another step; steps in flight end when the browsers close below
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deadline reached after {loadSeconds:F0} s: stopping outstanding users"));
            }

            // Every user that finished holds its last claim page open: sample the app with all those circuits alive.
            await metrics.WaitForFreshValuesAsync(TimeSpan.FromSeconds(5));
            var loaded = Sample(metrics);
            var openPages = holding.Count;
            Console.WriteLine($"with {openPages} users' last pages open: {loaded}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Chromium + Playwright driver then: {OwnProcesses(app.Id).Count - 1} processes, {BrowsersPssMiB(app.Id):F0} MiB PSS ({browserCount} browser(s), {openPages} contexts open)"));

            stop.Cancel();
            await sampler;
            foreach (var browser in browsers)
            {
                await browser.CloseAsync(); // users still in flight (deadline) fail with "closed": counted as stopped, not errors
            }
            if (!finished)
            {
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30)));
            }

            Report(users, iterations, browserCount, results, errors, baseline, loaded, openPages, peakRss, peakHeap,
                metrics.ProcStatusMiB("VmHWM"), loadSeconds, cpuAfter - cpuBefore, (oursAfter.Self - oursBefore.Self, oursAfter.Browsers - oursBefore.Browsers),
                machineBefore, machineAfter, finished);
        }
        finally
        {
            metrics?.Dispose();
            if (app is { HasExited: false })
            {
                app.Kill();
                await app.WaitForExitAsync();
            }
            app?.Dispose();
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // the temporary folder may be held for a moment
            }
        }
    }

    private sealed record Timing(int User, int Iteration, double LaunchMs, double InteractiveMs, double ClaimMs);

    private sealed record MemorySample(double? RssMiB, double? WorkingSetMiB, double? HeapMiB, double? CircuitsActive, double? CircuitsConnected)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"RSS {RssMiB:F1} MiB, working set {WorkingSetMiB:F1} MiB, GC heap after last GC {HeapMiB:F1} MiB, circuits active {CircuitsActive} / connected {CircuitsConnected}");
    }

    private static MemorySample Sample(AppProcessMetrics m) => new(
        m.ProcStatusMiB("VmRSS"),
        m.Latest(AppProcessMetrics.WorkingSet) / (1024 * 1024),
        m.Latest(AppProcessMetrics.HeapSize) / (1024 * 1024),
        m.Latest(AppProcessMetrics.CircuitsActive),
        m.Latest(AppProcessMetrics.CircuitsConnected));

    private static async Task UserAsync(int user, int startDelayMs, IBrowser browser, string sandboxUrl, int iterations, int stepTimeoutMs,
        ConcurrentBag<Timing> results, ConcurrentDictionary<string, int> errors, ConcurrentBag<IBrowserContext> holding, CancellationToken stop)
    {
        IBrowserContext? context = null;
        var keep = false;
        try
        {
            await Task.Delay(startDelayMs, stop);
            context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(stepTimeoutMs);
            page.SetDefaultNavigationTimeout(stepTimeoutMs);
            var step = new Step();
            var patient = Patients[user % Patients.Length];
            var practitioner = Practitioners[user / Patients.Length % Practitioners.Length];
            for (var i = 0; i < iterations && !stop.IsCancellationRequested; i++)
            {
                string? failure;
                double launchMs = 0, interactiveMs = 0, claimMs = 0;
                try
                {
                    (failure, launchMs, interactiveMs, claimMs) = await IterationAsync(page, sandboxUrl, patient, practitioner, i, step);
                }
#pragma warning disable CA1031 // a load run counts every failure by kind and goes on: none may end it
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = Classify(e, step, stop);
                }
                if (failure is null)
                {
                    results.Add(new Timing(user, i, launchMs, interactiveMs, claimMs));
                    keep = i == iterations - 1;
                }
                else
                {
                    errors.AddOrUpdate(failure, 1, (_, n) => n + 1);
                }
            }
        }
#pragma warning disable CA1031 // as above: counted, never fatal
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.AddOrUpdate(Classify(e, new Step { Name = "opening a browser context" }, stop), 1, (_, n) => n + 1);
        }
        finally
        {
            if (keep && context is not null)
            {
                holding.Add(context); // stays open (its circuit alive) until the main task has sampled the app
            }
            else if (context is not null)
            {
                try
                {
                    await context.CloseAsync();
                }
                catch (PlaywrightException)
                {
                    // the browser is already gone (deadline)
                }
            }
        }
    }

    /// <summary>
    /// One user action: the EHR home page as a practitioner, Launch for the patient, claims visible, circuit interactive,
    /// then one claim opened (a link inside the app). Returns a failure kind, or null with the timings.
    /// </summary>
    private static async Task<(string? Failure, double LaunchMs, double InteractiveMs, double ClaimMs)> IterationAsync(
        IPage page, string sandboxUrl, string patient, string practitioner, int iteration, Step? step = null)
    {
        step ??= new Step();
        step.Name = "EHR page";
        await page.GotoAsync($"{sandboxUrl}/ehr?user={Uri.EscapeDataString(practitioner)}");
        step.Name = "launch -> claims";
        var clock = Stopwatch.StartNew();
        await page.Locator($"a.launch[data-patient='{patient}'][data-client='{ClientId}']").ClickAsync();
        await page.Locator(LaunchOutcome).First.WaitForAsync();
        var launchMs = clock.Elapsed.TotalMilliseconds;
        if (await page.Locator("tr.claim-row").CountAsync() == 0)
        {
            return (await FailureKindAsync(page, "launch"), 0, 0, 0);
        }
        step.Name = "claims -> circuit live";
        await page.Locator("#render-mode[data-mode=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        step.Name = "claim click -> lines";
        var interactiveMs = clock.Elapsed.TotalMilliseconds;

        var links = page.Locator("tr.claim-row a.claim-link");
        var claim = Stopwatch.StartNew();
        await links.Nth(iteration % await links.CountAsync()).ClickAsync();
        await page.Locator(ClaimOutcome).First.WaitForAsync();
        var claimMs = claim.Elapsed.TotalMilliseconds;
        if (await page.Locator("#claim-lines").CountAsync() == 0)
        {
            return (await FailureKindAsync(page, "claim"), 0, 0, 0);
        }
        return (null, launchMs, interactiveMs, claimMs);
    }

    /// <summary>Where a user's iteration is, so a timeout says which step it hit.</summary>
    private sealed class Step
    {
        public string Name { get; set; } = "EHR page";
    }

    private static string Classify(Exception e, Step step, CancellationToken stop) => e switch
    {
        _ when stop.IsCancellationRequested => "stopped (deadline)",
        System.TimeoutException => $"timeout at {step.Name}",
        PlaywrightException when e.Message.Contains("closed", StringComparison.OrdinalIgnoreCase) => "stopped (deadline)",
        // URLs carry launch ids: without them one kind of failure counts as one kind
        PlaywrightException => $"browser: {Regex.Replace(FirstLine(e.Message), "\"?https?://[^\\s\"]+\"?", "<url>")}",
        _ => $"exception: {e.GetType().Name}",
    };

    private static async Task<string> FailureKindAsync(IPage page, string phase)
    {
        if (await page.Locator("#error-title").CountAsync() > 0)
        {
            return $"{phase}: error page '{FirstLine(await page.Locator("#error-title").InnerTextAsync())}'";
        }
        if (await page.Locator("#load-failure").CountAsync() > 0)
        {
            return $"{phase}: load failure ({await page.Locator("#load-failure").GetAttributeAsync("data-kind")})";
        }
        if (await page.Locator("#blazor-error-ui:visible").CountAsync() > 0)
        {
            return $"{phase}: unhandled circuit error";
        }
        return await page.Locator("#no-claims").CountAsync() > 0 ? $"{phase}: no claims shown" : $"{phase}: claim not found";
    }

    private static void Report(int users, int iterations, int browsers, ConcurrentBag<Timing> results, ConcurrentDictionary<string, int> errors,
        MemorySample baseline, MemorySample loaded, int openPages, double peakRss, double peakHeap, double? hwm, double loadSeconds,
        double appCpuSeconds, (double Self, double Browsers) ours, (long Busy, long Total) machineBefore, (long Busy, long Total) machineAfter, bool finished)
    {
        var inv = CultureInfo.InvariantCulture;
        var launch = results.Select(r => r.LaunchMs).Order().ToList();
        var interactive = results.Select(r => r.InteractiveMs).Order().ToList();
        var claim = results.Select(r => r.ClaimMs).Order().ToList();
        var realErrors = errors.Where(e => e.Key != "stopped (deadline)").Sum(e => e.Value);
        var stopped = errors.GetValueOrDefault("stopped (deadline)");
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"{users} users x {iterations} iterations over {browsers} Chromium process(es): {results.Count} of {users * iterations} iterations completed in {loadSeconds:F1} s{(finished ? "" : " (deadline hit)")}"));
        Console.WriteLine(string.Create(inv, $"throughput: {results.Count / loadSeconds:F2} launch+claim iterations/s ({results.Count * 60 / loadSeconds:F0}/min)"));
        Console.WriteLine(Phase("launch click -> claims visible  ", launch));
        Console.WriteLine(Phase("launch click -> circuit live    ", interactive));
        Console.WriteLine(Phase("claim click  -> claim lines shown", claim));
        Console.WriteLine(string.Create(inv, $"errors: {realErrors}{(stopped > 0 ? $" (+{stopped} stopped at the deadline)" : "")}"));
        foreach (var (kind, count) in errors.OrderByDescending(e => e.Value))
        {
            Console.WriteLine(string.Create(inv, $"  {count,4} x {kind}"));
        }

        var appFailures = AppLog.Failures.Sum(f => f.Value);
        Console.WriteLine(string.Create(inv, $"app log: {appFailures} error entr{(appFailures == 1 ? "y" : "ies")} (Error/Fatal)"));
        foreach (var (message, count) in AppLog.Failures.OrderByDescending(f => f.Value))
        {
            Console.WriteLine(string.Create(inv, $"  {count,4} x {message}"));
        }

        // Circuits: the app's own counter (aspnetcore.components.circuit.active) when it reported; else one per open page.
        var circuits = loaded.CircuitsActive is { } a && baseline.CircuitsActive is { } b ? a - b : openPages;
        var source = loaded.CircuitsActive is null ? "assumed one per open page" : "counted by the app's circuit metric";
        if (loaded.CircuitsActive is { } counted && (int)counted != openPages)
        {
            source += $"; {openPages} finished users held pages, the rest are pages still in flight at the deadline: a rough figure";
        }
        var rssPer = circuits > 0 ? (loaded.RssMiB - baseline.RssMiB) / circuits : null;
        var heapPer = circuits > 0 ? (loaded.HeapMiB - baseline.HeapMiB) / circuits : null;
        Console.WriteLine(string.Create(inv, $"app memory baseline: {baseline}"));
        Console.WriteLine(string.Create(inv, $"app memory with {openPages} pages open: {loaded}"));
        Console.WriteLine(string.Create(inv, $"app peak: RSS {Math.Max(peakRss, hwm ?? 0):F1} MiB (kernel VmHWM {hwm:F1}), GC heap {peakHeap:F1} MiB"));
        Console.WriteLine(string.Create(inv, $"per circuit ({circuits} circuits, {source}): RSS {rssPer:F2} MiB, GC heap {heapPer:F2} MiB (after-last-GC heap: garbage not yet collected is included)"));
        var busy = machineAfter.Total > machineBefore.Total ? 100.0 * (machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total) : 0;
        var cores = Environment.ProcessorCount;
        Console.WriteLine(string.Create(inv,
            $"CPU seconds during the load ({loadSeconds:F1} s x {cores} cores = {loadSeconds * cores:F0} core-s): app {appCpuSeconds:F1}, Chromium + Playwright driver {ours.Browsers:F1}, this process (sandbox EHR + benchmark) {ours.Self:F1}; machine {busy:F0}% busy, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (other work on this machine shares the cores)"));
        if (!results.IsEmpty)
        {
            // What the app alone needs per user action: with the browsers on users' own machines, its capacity.
            Console.WriteLine(string.Create(inv, $"app CPU per launch+claim iteration: {appCpuSeconds * 1000 / results.Count:F0} core-ms"));
        }
        Console.WriteLine(string.Create(inv,
            $"load_users={users} iterations={results.Count} launch_p50_ms={Pct(launch, 50):F0} launch_p95_ms={Pct(launch, 95):F0} claim_p50_ms={Pct(claim, 50):F0} claim_p95_ms={Pct(claim, 95):F0} errors={realErrors} rss_mb_per_circuit={rssPer:F2} heap_mb_per_circuit={heapPer:F2}"));
    }

    private static string Phase(string name, List<double> sorted) => sorted.Count == 0 ? $"{name}: no samples"
        : string.Create(CultureInfo.InvariantCulture, $"{name}: p50 {Pct(sorted, 50):F0} ms, p95 {Pct(sorted, 95):F0} ms, max {sorted[^1]:F0} ms (n={sorted.Count})");

    /// <summary>Nearest-rank percentile of sorted values (NaN when there are none).</summary>
    private static double Pct(List<double> sorted, int p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Busy and total jiffies of all CPUs (/proc/stat), to say how loaded the machine was during the run.</summary>
    private static (long Busy, long Total) MachineCpu()
    {
        var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var total = parts.Take(8).Sum();
        var idle = parts[3] + parts[4];
        return (total - idle, total);
    }

    /// <summary>
    /// CPU seconds of this process (the sandbox EHR and the benchmark) and of its other descendants (the Playwright driver
    /// and Chromium; their exited children are in cutime/cstime), the app excluded. From /proc/PID/stat.
    /// </summary>
    private static (double Self, double Browsers) OwnCpuSeconds(int appPid)
    {
        var own = 0.0;
        var browsers = 0.0;
        foreach (var (pid, fields) in OwnProcesses(appPid))
        {
            // fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14-17, in clock ticks (100 per second)
            var cpu = fields[11..15].Sum(v => long.Parse(v, CultureInfo.InvariantCulture)) / 100.0;
            if (pid == Environment.ProcessId)
            {
                own = cpu;
            }
            else
            {
                browsers += cpu;
            }
        }
        return (own, browsers);
    }

    /// <summary>Proportional set size (shared pages split between their users) of Chromium and the Playwright driver, in MiB.</summary>
    private static double BrowsersPssMiB(int appPid)
    {
        var kb = 0L;
        foreach (var (pid, _) in OwnProcesses(appPid).Where(p => p.Pid != Environment.ProcessId))
        {
            try
            {
                kb += File.ReadLines($"/proc/{pid}/smaps_rollup").Where(l => l.StartsWith("Pss:", StringComparison.Ordinal))
                    .Sum(l => long.Parse(l[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }
        return kb / 1024.0;
    }

    /// <summary>This process and its descendants except the app's subtree, each with its /proc/PID/stat fields from field 3 on.</summary>
    private static List<(int Pid, string[] Fields)> OwnProcesses(int appPid)
    {
        var stats = new Dictionary<int, string[]>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    stats[pid] = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                }
                catch (IOException)
                {
                    // the process ended while we looked
                }
            }
        }
        var self = Environment.ProcessId;
        var result = new List<(int, string[])>();
        foreach (var (pid, fields) in stats)
        {
            var p = pid;
            for (var depth = 0; p > 1 && p != self && p != appPid && depth < 64 && stats.TryGetValue(p, out var f); depth++)
            {
                p = int.Parse(f[1], CultureInfo.InvariantCulture); // field 4: the parent
            }
            if (p == self)
            {
                result.Add((pid, fields));
            }
        }
        return result;
    }

    private static async Task<bool> WaitForCircuitsAsync(AppProcessMetrics metrics, Func<double, bool> condition, TimeSpan timeout)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            if (metrics.Latest(AppProcessMetrics.CircuitsActive) is { } c && condition(c))
            {
                return true;
            }
            await Task.Delay(250);
        }
        return false;
    }

    private static async Task<WebApplication> StartSandboxAsync(string sandboxUrl, string appUrl)
    {
        var sandbox = SandboxHost.Create([
            $"--contentRoot={RepoPaths.Sandbox}",
            $"--urls={sandboxUrl}",
            "--environment=Development",
            $"--Sandbox:DataPaths:0={RepoPaths.Fixtures}",
            $"--Sandbox:Clients:0:ClientId={ClientId}",
            "--Sandbox:Clients:0:DisplayName=FhirApp (load)",
            $"--Sandbox:Clients:0:LaunchUrl={appUrl}/launch",
            $"--Sandbox:Clients:0:PracticeLaunchUrl={appUrl}/launch/practice",
            $"--Sandbox:Clients:0:RedirectUris:0={appUrl}/callback/sandbox",
            $"--Sandbox:Clients:0:JwksUri={appUrl}/.well-known/jwks.json",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await sandbox.StartAsync();
        return sandbox;
    }

    /// <summary>FhirApp as a real process: the Release build, configured by environment variables, a SQLite file.</summary>
    private static Process StartApp(string dll, string temp, string appUrl, string sandboxUrl)
    {
        var configDir = Directory.CreateDirectory(Path.Combine(temp, "smart-config")).FullName;
        File.WriteAllText(Path.Combine(configDir, "sandbox.json"), JsonSerializer.Serialize(new
        {
            id = "sandbox",
            name = "Sandbox EHR (load)",
            fhirBaseUrl = $"{sandboxUrl}/fhir",
            clientId = ClientId,
            redirectUri = $"{appUrl}/callback/sandbox",
            clientAuthentication = "private_key_jwt",
            signingAlgorithm = "RS384",
            keyId = "fhirapp-rs384",
            allowInsecureHttp = true,
        }));
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Production refuses to start with an unprotected key ring.
        var certificate = Path.Combine(temp, "key-ring.pfx");
        FhirApp.IntegrationTests.Infrastructure.TestCertificates.WriteKeyRingCertificate(certificate);
        start.Environment["DataProtection__CertificatePath"] = certificate;
        start.Environment["DataProtection__CertificatePassword"] = FhirApp.IntegrationTests.Infrastructure.TestCertificates.Password;
        start.Environment["Urls"] = appUrl;
        start.Environment["Smart__ConfigDirectory"] = configDir;
        start.Environment["Smart__KeyDirectory"] = Path.Combine(temp, "keys");
        start.Environment["Smart__GenerateMissingKeys"] = "true";
        start.Environment["ConnectionStrings__FhirApp"] = $"Data Source={Path.Combine(temp, "app.db")}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => AppLog.Line(e.Data);
        process.ErrorDataReceived += (_, e) => AppLog.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> PublishAsync(string dir)
    {
        var project = Path.Combine(RepoPaths.Root, "src", "FhirApp.Web");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "--no-build", "-o", dir, "-v", "quiet", "-nologo"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = await publish.StandardOutput.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            Console.Error.WriteLine($"dotnet publish {project} failed (build it first: dotnet build src/FhirApp.Web -c Release):\n{output}");
        }
        return publish.ExitCode == 0;
    }

    private static async Task WaitUntilServingAsync(Process app, string url)
    {
        using var http = new HttpClient();
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"the app exited with code {app.ExitCode} while starting");
            }
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new System.TimeoutException("the app did not answer within 90 s");
    }

    /// <summary>
    /// The app's console log (warnings and up). In Production each event is one line of compact JSON (Serilog's
    /// RenderedCompactJsonFormatter: "@l" the level, "@m" the message). Error and Fatal events are counted by message, and
    /// each kind's first is shown on stderr, so an app error under load is seen once, not fifty times; other lines pass through.
    /// </summary>
    private static class AppLog
    {
        public static ConcurrentDictionary<string, int> Failures { get; } = new();

        public static void Line(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }
            string? level = null;
            var message = line;
            try
            {
                using var json = JsonDocument.Parse(line);
                level = json.RootElement.TryGetProperty("@l", out var l) ? l.GetString() : "Information";
                message = json.RootElement.TryGetProperty("@m", out var m) ? m.GetString() ?? line : line;
            }
            catch (JsonException)
            {
                // not an event: text the runtime wrote itself (an unhandled exception's stack), shown as it is
            }
            var failure = level is "Error" or "Fatal";
            var key = message.Length > 160 ? message[..160] : message;
            if (!failure || Failures.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
            {
                Console.Error.WriteLine($"[app] {line}");
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
