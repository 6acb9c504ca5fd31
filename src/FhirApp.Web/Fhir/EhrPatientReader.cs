using FhirApp.Core.Audit;
using System.Collections.Concurrent;
using System.Diagnostics;
using FhirApp.Web.Documentation;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;
using HttpStatusCode = System.Net.HttpStatusCode;

namespace FhirApp.Web.Fhir;

/// <summary>
/// Reads everything the claims screens need for the launch patient (or, in a practice launch, for the claims the user
/// may see and their patients) in as few round trips as the EHR allows: one batch
/// (Patient, Coverage with payors, Claims with insurer / provider / care team, the patient's ClaimResponses incl. prior
/// authorizations, EOBs, notes, the user's open documentation requests) when
/// the CapabilityStatement offers batch, else one search per type; then `link.next` pages on the EHR's own origin.
/// Only types the granted scopes allow are asked for.
/// </summary>
public sealed class EhrPatientReader(
    LaunchStore launches, LaunchDataCache cache, IHttpMessageHandlerFactory handlers, IConfiguration configuration, AuditTrail audit, ILogger<EhrPatientReader> logger, TimeProvider clock)
{
    public const string HttpHandlerName = "fhir";
    private const int MaxPages = 50;

    // Patients per Coverage / EOB / DocumentReference search in a practice launch: keeps URLs short.
    private const int PatientsPerSearch = 20;

    // Whether an EHR supports batch is not patient data; cached per FHIR base for the life of the process.
    private readonly ConcurrentDictionary<string, bool> _batchSupport = new(StringComparer.Ordinal);

    private readonly int _pageSize = Math.Clamp(configuration.GetValue("Fhir:PageSize", 100), 1, 1000);

    // A practice launch reads at most this many claims (newest first); the queue says when the limit stopped it.
    private readonly int _practiceClaimLimit = Math.Clamp(configuration.GetValue("Fhir:PracticeClaimLimit", 500), 1, 100_000);

    public async Task<PatientRecordLoad> LoadAsync(LaunchContext launch, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var (client, engine, bearer) = CreateClient(launch, readOnly: true);
        using var _ = client;
        var problems = new List<string>();
        var resources = new List<Resource>();
        int? limitReached = null;
        if (launch.IsPracticeLaunch)
        {
            limitReached = await ReadPracticeAsync(client, launch, resources, problems, ct);
        }
        else
        {
            await RunAsync(client, launch, PatientQueries(launch), resources, problems, ct);
            var (kept, dropped) = LaunchPatientFilter.Keep(launch, resources);
            if (dropped > 0)
            {
                resources = kept;
                problems.Add($"The EHR sent {dropped} record(s) of other patients with this patient's chart; FhirApp did not show them.");
                logger.LogWarning("Launch {LaunchId}: dropped {Dropped} resource(s) outside the launch patient", launch.LaunchId, dropped);
            }
        }

        logger.LogDebug("FHIR load for launch {LaunchId}: {RoundTrips} round trips, {Resources} resources, {Skipped} skipped, {ElapsedMs:F0} ms",
            launch.LaunchId, bearer.RoundTrips, resources.Count, engine.Skipped.Count, clock.GetElapsedTime(started).TotalMilliseconds);
        return new PatientRecordLoad(resources, engine.Skipped, problems, bearer.RoundTrips, limitReached);
    }

    /// <summary>Reads one resource by type and id in this launch (used for deep links to a claim not in the first pages).</summary>
    public async Task<Resource?> ReadAsync(LaunchContext launch, string type, string id, CancellationToken ct)
    {
        var (client, _, _) = CreateClient(launch, readOnly: true);
        using var _ = client;
        Resource? resource;
        try
        {
            resource = await client.ReadAsync<Resource>($"{type}/{Uri.EscapeDataString(id)}", ct: ct);
        }
        catch (FhirOperationException ex) when (ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            resource = null;
        }
        catch (FhirOperationException ex) when (ex.Status is System.Net.HttpStatusCode.Forbidden)
        {
            await audit.RecordAsync(launch.Practice, launch.Actor, new AuditRecord(AuditAction.Read, $"{type}/{id}", "ehr-read", launch.PatientReference, AuditOutcome.Denied), ct);
            throw;
        }
        await audit.RecordAsync(launch.Practice, launch.Actor,
            new AuditRecord(AuditAction.Read, $"{type}/{id}", "ehr-read", resource is null ? launch.PatientReference : PatientOf(resource, launch)), ct);
        return resource;
    }

    /// <summary>`Patient/{id}` of the patient a resource is about (the launch patient when it names none).</summary>
    internal static string? PatientOf(Resource resource, LaunchContext launch) => AuditRecord.PatientOf(resource switch
    {
        Patient p => p.Id,
        Claim c => c.Patient?.Reference,
        ClaimResponse r => r.Patient?.Reference,
        ExplanationOfBenefit e => e.Patient?.Reference,
        Coverage v => v.Beneficiary?.Reference,
        DocumentReference d => d.Subject?.Reference,
        Hl7.Fhir.Model.Task t => t.For?.Reference,
        _ => null,
    }) ?? launch.PatientReference;

    /// <summary>
    /// One search's first page, resources of the type only (for small sets, such as a claim's addendum Tasks). The
    /// launch's own context still bounds it: the EHR applies its scopes.
    /// </summary>
    public async Task<IReadOnlyList<T>> SearchAsync<T>(LaunchContext launch, IEnumerable<(string Name, string Value)> parameters, CancellationToken ct)
        where T : Resource
    {
        var (client, _, _) = CreateClient(launch, readOnly: true);
        using var _ = client;
        var search = new SearchParams();
        foreach (var (name, value) in parameters)
        {
            search.Add(name, value);
        }
        search.Count = _pageSize;
        var bundle = await client.SearchAsync<T>(search, ct);
        await audit.RecordAsync(launch.Practice, launch.Actor,
            new AuditRecord(AuditAction.Read, ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? typeof(T).Name, "ehr-search", launch.PatientReference), ct);
        return LaunchPatientFilter.Keep(launch, bundle?.Entry.Select(e => e.Resource).OfType<T>() ?? []).Kept;
    }

    /// <summary>One batch when the EHR offers batch, else one request per query; each followed through its next pages.</summary>
    private async Task RunAsync(FhirClient client, LaunchContext launch, List<(string Type, string Url)> queries, List<Resource> resources, List<string> problems, CancellationToken ct)
    {
        if (queries.Count == 0)
        {
            return;
        }
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
            return;
        }
        foreach (var (type, url) in queries)
        {
            try
            {
                await CollectAsync(client, await GetAsync(client, type, url, ct), launch, resources, problems, ct);
            }
            catch (FhirOperationException ex) when (ex.Status is not HttpStatusCode.Unauthorized && (int)ex.Status < 500)
            {
                // Like a failed batch entry: one refused query costs only its own data.
                problems.Add($"The EHR refused the {type} request ({(int)ex.Status}).");
            }
        }
    }

    private static async Task<Resource?> GetAsync(FhirClient client, string type, string url, CancellationToken ct) =>
        url.Contains('?', StringComparison.Ordinal)
            ? await client.SearchAsync(SearchParams.FromUriParamList(UriParamList.FromQueryString(url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..])), type, ct)
            : await client.ReadAsync<Resource>(url, ct: ct);

    /// <summary>
    /// A practice launch: the claims the user may see, newest first, with their patients, payers, providers and
    /// ClaimResponses, up to the configured claim limit; then those patients' coverages, EOBs and notes, a chunk of
    /// patients per search. Returns the limit when it stopped the reading, else null.
    /// </summary>
    private async Task<int?> ReadPracticeAsync(FhirClient client, LaunchContext launch, List<Resource> resources, List<string> problems, CancellationToken ct)
    {
        if (!launch.Allows("Claim", 's'))
        {
            return null;
        }
        var patientInclude = launch.Allows("Patient", 'r') ? "&_include=Claim:patient" : "";
        var revinclude = launch.Allows("ClaimResponse", 's') ? "&_revinclude=ClaimResponse:request" : "";
        var url = $"Claim?_sort=-_lastUpdated{patientInclude}&_include=Claim:insurer&_include=Claim:provider&_include=Claim:care-team{revinclude}&_count={Math.Min(_pageSize, _practiceClaimLimit)}";
        var limitReached = await CollectAsync(client, await GetAsync(client, "Claim", url, ct), launch, resources, problems, ct, _practiceClaimLimit);

        var patients = resources.OfType<Claim>()
            .Select(c => launch.PatientIdOf(c.Patient?.Reference))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var queries = new List<(string Type, string Url)>();
        foreach (var chunk in patients.Chunk(PatientsPerSearch))
        {
            var list = string.Join(',', chunk.Select(id => "Patient/" + Uri.EscapeDataString(id)));
            queries.AddRange(RecordQueries(launch, list).Where(q => q.Type != "Patient" && q.Type != "Claim"));
        }
        await RunAsync(client, launch, queries, resources, problems, ct);
        return limitReached ? _practiceClaimLimit : null;
    }

    private List<(string Type, string Url)> PatientQueries(LaunchContext launch)
    {
        var patient = "Patient/" + Uri.EscapeDataString(launch.PatientId ?? throw new InvalidOperationException("The launch has no patient context."));
        var queries = RecordQueries(launch, patient);
        if (launch.FhirUser is { } user && launch.Allows("Task", 's'))
        {
            // The user's open documentation requests for this patient, in the same batch (see AddendumTasks).
            queries.Add(("Task", $"Task?patient={patient}&owner={Uri.EscapeDataString(user.ToString())}&status={AddendumTasks.OpenStatuses}&_count={_pageSize}"));
        }
        return queries;
    }

    /// <summary>The searches for one patient's record, or several patients' (a comma-separated list of `Patient/{id}`).</summary>
    private List<(string Type, string Url)> RecordQueries(LaunchContext launch, string patients)
    {
        var queries = new List<(string, string)>();
        if (launch.Allows("Patient", 'r') && !patients.Contains(',', StringComparison.Ordinal))
        {
            queries.Add(("Patient", patients));
        }
        if (launch.Allows("Coverage", 's'))
        {
            queries.Add(("Coverage", $"Coverage?beneficiary={patients}&_include=Coverage:payor&_count={_pageSize}"));
        }
        if (launch.Allows("Claim", 's'))
        {
            queries.Add(("Claim", $"Claim?patient={patients}&_include=Claim:insurer&_include=Claim:provider&_include=Claim:care-team&_count={_pageSize}"));
        }
        if (launch.Allows("ClaimResponse", 's'))
        {
            // All of the patient's responses, not only those the claims' revinclude would bring: prior authorizations
            // (use = preauthorization) answer a request that is not one of the claims.
            queries.Add(("ClaimResponse", $"ClaimResponse?patient={patients}&_count={_pageSize}"));
        }
        if (launch.Allows("ExplanationOfBenefit", 's'))
        {
            queries.Add(("ExplanationOfBenefit", $"ExplanationOfBenefit?patient={patients}&_include=ExplanationOfBenefit:insurer&_count={_pageSize}"));
        }
        if (launch.Allows("DocumentReference", 's'))
        {
            queries.Add(("DocumentReference", $"DocumentReference?patient={patients}&_count={_pageSize}"));
        }
        return queries;
    }

    /// <summary>Adds a result and its next pages (same origin only); with a match limit, stops once that many matches are read and says whether more were left.</summary>
    private async Task<bool> CollectAsync(
        FhirClient client, Resource? result, LaunchContext launch, List<Resource> resources, List<string> problems, CancellationToken ct, int? matchLimit = null)
    {
        if (result is not Bundle page)
        {
            if (result is not null and not OperationOutcome)
            {
                resources.Add(result);
            }
            return false;
        }
        var origin = new Uri(launch.Registration.FhirBaseUrl);
        var matches = 0;
        for (var pages = 1; ; pages++)
        {
            var cut = false;
            foreach (var resource in page.Entry.Where(e => e.Resource is not null and not OperationOutcome).Select(e => (Resource: e.Resource!, e.Search?.Mode)))
            {
                // Includes always come along; matches only up to the limit.
                if ((resource.Mode is null or Bundle.SearchEntryMode.Match) && ++matches > matchLimit)
                {
                    cut = true;
                    continue;
                }
                resources.Add(resource.Resource);
            }
            var next = page.NextLink;
            if (cut || (next is not null && matches >= matchLimit))
            {
                return true;
            }
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
        return false;
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

    /// <param name="readOnly">
    /// True for this reader's own clients: they only read (a batch holds GETs only), so the resilience pipeline may retry
    /// them. A writer's client leaves it false: only its GETs are retried, never a create or update.
    /// </param>
    internal (FhirClient Client, LenientFhirSerializationEngine Engine, SmartBearerHandler Bearer) CreateClient(LaunchContext launch, bool readOnly = false)
    {
        var bearer = new SmartBearerHandler(launches, launch.LaunchId, new Uri(launch.Registration.FhirBaseUrl))
        {
            InnerHandler = handlers.CreateHandler(HttpHandlerName),
            RegistrationId = launch.Registration.Id,
            RetrySafe = readOnly,
            Cache = cache,
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
