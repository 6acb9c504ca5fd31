using System.Diagnostics;
using System.Globalization;
using FhirApp.Core.Claims.Sources;
using FhirApp.Core.Denials;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// EOB intake over FHIR Bulk Data $export, end to end over HTTP: the in-process sandbox serves N generated EOBs (plus the
/// demo fixtures); one adjudication poll in the mode the sandbox's CapabilityStatement selects (export) kicks off,
/// polls, downloads the NDJSON files (10,000 resources each) and stores them page by page into the app's default
/// sink. Then, for comparison, the same generated NDJSON file read from disk into the same sink under another practice.
/// Prints the figures; the last line is export_eobs_per_second=.
/// </summary>
internal static class ExportBenchmark
{
    public static async Task RunAsync(int eobs)
    {
        var env = new ExportJobsEnvironment(eobs, pageSize: 1000, countingSink: false, resourcesPerFile: 10_000);
        var setup = Stopwatch.StartNew();
        await env.InitializeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sandbox loaded {eobs} generated EOBs and the app started in {setup.Elapsed.TotalSeconds:F1} s"));
        try
        {
            // The same NDJSON, straight from disk into the same sink (another practice, so nothing is "already stored").
            var sink = env.AppServices.GetRequiredService<IAdjudicationSink>();
            var folder = new FolderFhirSource([env.AdjudicationsDirectory]);
            var ingest = Stopwatch.StartNew();
            var read = 0;
            await foreach (var page in folder.ReadPagesAsync(1000, CancellationToken.None))
            {
                var eobPage = page.Resources.Where(r => r.TypeName == "ExplanationOfBenefit").ToList();
                read += eobPage.Count;
                await sink.StoreAsync("bench-ndjson", "ndjson:bench", eobPage, CancellationToken.None);
            }
            ingest.Stop();

            await using var scope = env.AppServices.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            var summary = await scope.ServiceProvider.GetRequiredService<AdjudicationPollRunner>().RunAsync("sandbox", CancellationToken.None);
            clock.Stop();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ndjson ingest of the same file: {read} EOBs in {ingest.Elapsed.TotalSeconds:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ndjson_ingest_eobs_per_second={read / ingest.Elapsed.TotalSeconds:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one export poll: {summary.Resources} resources ({summary.Stored} stored, {summary.Errors} errors) in {summary.Pages} pages, {seconds:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export_eobs_per_second={summary.Resources / seconds:F0}"));
        }
        finally
        {
            await env.DisposeAsync();
        }
    }
}
