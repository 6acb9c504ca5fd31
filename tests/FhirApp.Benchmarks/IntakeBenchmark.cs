using System.Diagnostics;
using System.Globalization;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// EOB intake over HTTP: the sandbox serves N generated EOBs (plus the demo fixtures); one adjudication poll reads them
/// all with a Backend Services token, 200 per page (the sandbox's maximum), into the app's default sink (SQLite
/// receipts), checkpointing every page. Prints the figures; the last line is http_eobs_per_second=.
/// </summary>
internal static class IntakeBenchmark
{
    public static async Task RunAsync(int eobs)
    {
        var env = new JobsEnvironment(eobs, claimResponses: 0, pageSize: 200, countingSink: false);
        var setup = Stopwatch.StartNew();
        await env.InitializeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sandbox loaded {eobs} generated EOBs and the app started in {setup.Elapsed.TotalSeconds:F1} s"));
        try
        {
            await using var scope = env.AppServices.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            var summary = await scope.ServiceProvider.GetRequiredService<AdjudicationPollRunner>().RunAsync("sandbox", CancellationToken.None);
            clock.Stop();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one poll: {summary.Resources} resources ({summary.Stored} stored, {summary.Errors} errors) in {summary.Pages} pages, {seconds:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"http_eobs_per_second={summary.Resources / seconds:F0}"));
        }
        finally
        {
            await env.DisposeAsync();
        }
    }
}
