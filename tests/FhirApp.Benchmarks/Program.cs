using System.Diagnostics;
using System.Globalization;
using FhirApp.IntegrationTests;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

// Launch benchmark: a real Chromium clicks "Launch FhirApp" in the sandbox EHR and waits until the patient's claims are
// on screen, N times on loopback, each in a fresh browser context (new session, new launch, new tokens).
// Usage: dotnet run -c Release --project tests/FhirApp.Benchmarks -- [runs]
//        dotnet run -c Release --project tests/FhirApp.Benchmarks -- intake [eobs]   (EOB intake over HTTP, see IntakeBenchmark)
//        dotnet run -c Release --project tests/FhirApp.Benchmarks -- export [--eobs 100000]   (EOB intake over Bulk Data $export, see ExportBenchmark)
//        dotnet run -c Release --project tests/FhirApp.Benchmarks -- load [--users 50] [--iterations 3] [--max-seconds 300]
//            [--browsers 1] [--step-timeout 60] [--ramp-seconds 0]   (concurrent users launching and opening claims against FhirApp as its own
//            process; latency percentiles, errors by kind, app memory per Blazor circuit; see LoadBenchmark. Needs
//            dotnet build src/FhirApp.Web -c Release first.)
if (args is ["load", ..])
{
    await LoadBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["export", ..])
{
    // export [--eobs N]
    var eobsAt = Array.IndexOf(args, "--eobs");
    await ExportBenchmark.RunAsync(eobsAt > 0 ? int.Parse(args[eobsAt + 1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args is ["intake", ..])
{
    await IntakeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
    return;
}

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var env = new AppEnvironment();
await env.InitializeAsync();
try
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserTests.ChromiumArgs });
    var timings = new List<double>();
    var roundTrips = new List<int>();
    for (var i = 0; i <= runs; i++)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{env.SandboxUrl}/");
        var before = env.Outgoing.Requests.Count;
        var clock = Stopwatch.StartNew();
        await page.Locator($"a.launch[data-patient='p-maria-lopez'][data-client='{AppEnvironment.ClientId}']").ClickAsync();
        await page.Locator("tr.claim-row").First.WaitForAsync();
        clock.Stop();
        var trips = env.Outgoing.Requests.Count - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i}{(i == 0 ? " (warm-up)" : "")}: {clock.Elapsed.TotalMilliseconds:F0} ms, {trips} FHIR round trip(s)"));
        if (i > 0)
        {
            timings.Add(clock.Elapsed.TotalMilliseconds);
            roundTrips.Add(trips);
        }
    }
    timings.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Launch click -> claims visible, {runs} runs: median {(timings[(timings.Count - 1) / 2] + timings[timings.Count / 2]) / 2:F0} ms, min {timings[0]:F0} ms, max {timings[^1]:F0} ms; FHIR round trips per launch: {string.Join('/', roundTrips.Distinct())}"));
}
finally
{
    await env.DisposeAsync();
}
