using System.Collections.Concurrent;
using System.Diagnostics;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;
using HttpStatusCode = System.Net.HttpStatusCode;

namespace FhirApp.Web.Fhir;

/// <summary>
/// Reads everything the claims screens need for the launch patient in as few round trips as the EHR allows: one batch
/// (Patient, Coverage with payors, Claims with insurer / provider / care team and their ClaimResponses, EOBs, notes) when
/// the CapabilityStatement offers batch, else one search per type; then `link.next` pages on the EHR's own origin.
/// Only types the granted scopes allow are asked for.
/// </summary>
public sealed class EhrPatientReader(LaunchStore launches, IHttpMessageHandlerFactory handlers, IConfiguration configuration, ILogger<EhrPatientReader> logger, TimeProvider clock)
{
    public const string HttpHandlerName = "fhir";
    private const int MaxPages = 50;

    // Whether an EHR supports batch is not patient data; cached per FHIR base for the life of the process.
    private readonly ConcurrentDictionary<string, bool> _batchSupport = new(StringComparer.Ordinal);

    private readonly int _pageSize = Math.Clamp(configuration.GetValue("Fhir:PageSize", 100), 1, 1000);

    public async Task<PatientRecordLoad> LoadAsync(LaunchContext launch, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var (client, engine, bearer) = CreateClient(launch);
        using var _ = client;
        var problems = new List<string>();
        var resources = new List<Resource>();
        var queries = Queries(launch);

        if (await SupportsBatchAsync(client, launch.Registration.FhirBaseUrl, ct))
        {
            var batch = new Bundle { Type = Bundle.BundleType.Batch };
            foreach (var (_, url) in queries)
            {
                batch.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = url } });
            }
            var response = await client.TransactionAsync(batch, ct) ?? throw new InvalidOperationException("The EHR returned no batch response.");
            for (var i = 0; i < response.Entry.Count && i < queries.Count; i++)
            {
                var entry = response.Entry[i];
                if (entry.Response?.Status is { } status && !status.StartsWith('2'))
                {
                    problems.Add($"The EHR refused the {queries[i].Type} request ({status}).");
                    continue;
                }
                await CollectAsync(client, entry.Resource, launch, resources, problems, ct);
            }
        }
        else
        {
            foreach (var (type, url) in queries)
            {
                try
                {
                    var result = url.Contains('?', StringComparison.Ordinal)
                        ? await client.SearchAsync(SearchParams.FromUriParamList(UriParamList.FromQueryString(url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..])), type, ct)
                        : await client.ReadAsync<Resource>(url, ct: ct);
                    await CollectAsync(client, result, launch, resources, problems, ct);
                }
                catch (FhirOperationException ex) when (ex.Status is not HttpStatusCode.Unauthorized && (int)ex.Status < 500)
                {
                    // Like a failed batch entry: one refused query costs only its own data.
                    problems.Add($"The EHR refused the {type} request ({(int)ex.Status}).");
                }
            }
        }

        logger.LogDebug("FHIR load for launch {LaunchId}: {RoundTrips} round trips, {Resources} resources, {Skipped} skipped, {ElapsedMs:F0} ms",
            launch.LaunchId, bearer.RoundTrips, resources.Count, engine.Skipped.Count, clock.GetElapsedTime(started).TotalMilliseconds);
        return new PatientRecordLoad(resources, engine.Skipped, problems, bearer.RoundTrips);
    }

    /// <summary>Reads one resource by type and id in this launch (used for deep links to a claim not in the first pages).</summary>
    public async Task<Resource?> ReadAsync(LaunchContext launch, string type, string id, CancellationToken ct)
    {
        var (client, _, _) = CreateClient(launch);
        using var _ = client;
        try
        {
            return await client.ReadAsync<Resource>($"{type}/{Uri.EscapeDataString(id)}", ct: ct);
        }
        catch (FhirOperationException ex) when (ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            return null;
        }
    }

    private List<(string Type, string Url)> Queries(LaunchContext launch)
    {
        var p = Uri.EscapeDataString(launch.PatientId ?? throw new InvalidOperationException("The launch has no patient context."));
        var queries = new List<(string, string)>();
        if (launch.Allows("Patient", 'r'))
        {
            queries.Add(("Patient", $"Patient/{p}"));
        }
        if (launch.Allows("Coverage", 's'))
        {
            queries.Add(("Coverage", $"Coverage?beneficiary=Patient/{p}&_include=Coverage:payor&_count={_pageSize}"));
        }
        if (launch.Allows("Claim", 's'))
        {
            var revinclude = launch.Allows("ClaimResponse", 's') ? "&_revinclude=ClaimResponse:request" : "";
            queries.Add(("Claim", $"Claim?patient=Patient/{p}&_include=Claim:insurer&_include=Claim:provider&_include=Claim:care-team{revinclude}&_count={_pageSize}"));
        }
        if (launch.Allows("ExplanationOfBenefit", 's'))
        {
            queries.Add(("ExplanationOfBenefit", $"ExplanationOfBenefit?patient=Patient/{p}&_include=ExplanationOfBenefit:insurer&_count={_pageSize}"));
        }
        if (launch.Allows("DocumentReference", 's'))
        {
            queries.Add(("DocumentReference", $"DocumentReference?patient=Patient/{p}&_count={_pageSize}"));
        }
        return queries;
    }

    private async Task CollectAsync(FhirClient client, Resource? result, LaunchContext launch, List<Resource> resources, List<string> problems, CancellationToken ct)
    {
        if (result is not Bundle page)
        {
            if (result is not null and not OperationOutcome)
            {
                resources.Add(result);
            }
            return;
        }
        var origin = new Uri(launch.Registration.FhirBaseUrl);
        for (var pages = 1; ; pages++)
        {
            resources.AddRange(page.Entry.Select(e => e.Resource).Where(r => r is not null and not OperationOutcome)!);
            var next = page.NextLink;
            if (next is null)
            {
                break;
            }
            var nextUri = next.IsAbsoluteUri ? next : new Uri(origin, next);
            if (!SmartBearerHandler.SameOrigin(nextUri, origin))
            {
                problems.Add($"The EHR pointed the next page to another host ({nextUri.Host}); it was not followed.");
                logger.LogWarning("Not following link.next to foreign origin {Origin} for launch {LaunchId}", nextUri.GetLeftPart(UriPartial.Authority), launch.LaunchId);
                break;
            }
            if (pages >= MaxPages)
            {
                problems.Add($"Stopped after {MaxPages} pages; some records are not shown.");
                break;
            }
            if (await client.ContinueAsync(page, PageDirection.Next, ct) is not { } nextPage)
            {
                break;
            }
            page = nextPage;
        }
    }

    private async Task<bool> SupportsBatchAsync(FhirClient client, string fhirBase, CancellationToken ct)
    {
        if (_batchSupport.TryGetValue(fhirBase, out var known))
        {
            return known;
        }
        bool batch;
        try
        {
            var capabilities = await client.CapabilityStatementAsync(SummaryType.False, ct);
            batch = capabilities?.Rest.Any(r => r.Interaction.Any(i => i.Code == CapabilityStatement.SystemRestfulInteraction.Batch)) ?? false;
        }
        catch (Exception ex) when (ex is FormatException or FhirOperationException)
        {
            return false; // no readable CapabilityStatement now: plain searches work everywhere; ask again next time
        }
        _batchSupport[fhirBase] = batch;
        return batch;
    }

    private (FhirClient Client, LenientFhirSerializationEngine Engine, SmartBearerHandler Bearer) CreateClient(LaunchContext launch)
    {
        var bearer = new SmartBearerHandler(launches, launch.LaunchId, new Uri(launch.Registration.FhirBaseUrl))
        {
            InnerHandler = handlers.CreateHandler(HttpHandlerName),
        };
        var engine = new LenientFhirSerializationEngine();
        // FhirClient is not thread-safe: one per unit of work, over the factory's pooled handler.
        var client = new FhirClient(launch.Registration.FhirBaseUrl, new HttpClient(bearer, disposeHandler: false), new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            SerializationEngine = engine,
            Timeout = 30_000,
        });
        return (client, engine, bearer);
    }
}
