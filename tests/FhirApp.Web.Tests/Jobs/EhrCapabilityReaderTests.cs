using System.Net;
using System.Text;
using FhirApp.Core.Data;
using FhirApp.Web.Jobs;
using FhirApp.Web.Jobs.Export;
using FhirApp.Web.Smart;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Web.Tests.Jobs;

/// <summary>
/// The intake mode chosen from what an EHR's CapabilityStatement offers: Bulk Data export where it is offered, else a
/// search per patient where Patient and ExplanationOfBenefit?patient= are searchable, else the system-wide search.
/// The EHR is a stub serving /metadata and .well-known/smart-configuration; the choice is stored for the jobs page.
/// </summary>
public sealed class EhrCapabilityReaderTests : IAsyncDisposable
{
    private const string FhirBase = "https://ehr.example.test/fhir";
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"capabilities-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private ServiceProvider? _services;

    [Fact]
    public async Task GivenAnEhrWithoutExportButWithPatientSearch_WhenTheModeIsChosen_ThenItIsOnePatientAtATimeAndStoredForTheJobsPage()
    {
        var reader = await ReaderAsync(Capabilities(export: false, patientSearch: true));

        var choice = await reader.ChooseAsync(Registration(), CancellationToken.None);

        choice.Mode.ShouldBe(IntakeMode.PatientSearch);
        choice.Reason.ShouldContain("each patient");
        var stored = await reader.StoredAsync(Registration().JobsPractice, Registration().Id, CancellationToken.None);
        stored!.Mode.ShouldBe(IntakeMode.PatientSearch);
    }

    [Fact]
    public async Task GivenAnEhrOfferingGroupExport_WhenTheModeIsChosen_ThenItIsBulkExport()
    {
        var reader = await ReaderAsync(Capabilities(export: true, patientSearch: true));

        (await reader.ChooseAsync(Registration(), CancellationToken.None)).Mode.ShouldBe(IntakeMode.BulkExport);
    }

    [Fact]
    public async Task GivenAnEhrWithNeitherExportNorPatientSearch_WhenTheModeIsChosen_ThenItFallsBackToTheSystemWideSearch()
    {
        var reader = await ReaderAsync(Capabilities(export: false, patientSearch: false));

        (await reader.ChooseAsync(Registration(), CancellationToken.None)).Mode.ShouldBe(IntakeMode.SystemSearch);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        File.Delete(_database);
    }

    private async Task<EhrCapabilityReader> ReaderAsync(string metadata)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAppData("Sqlite", $"Data Source={_database};Pooling=False");
        services.AddHttpClient(JobsServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new StubEhr(metadata));
        _services = services.BuildServiceProvider();
        var dbs = _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }
        return new EhrCapabilityReader(_services.GetRequiredService<IHttpClientFactory>(), dbs, _clock, NullLogger<EhrCapabilityReader>.Instance);
    }

    private static SmartRegistration Registration() => new()
    {
        Id = "stub-ehr",
        Name = "Stub EHR",
        FhirBaseUrl = FhirBase,
        ClientId = "app",
        RedirectUri = "https://app.example.test/callback",
        BackendServices = new BackendServicesRegistration { ClientId = "jobs", ExportGroupId = "practice" },
    };

    private static string Capabilities(bool export, bool patientSearch)
    {
        var operation = export ? ""","operation":[{"name":"export","definition":"http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"}]""" : "";
        var search = patientSearch ? """,{"code":"search-type"}""" : "";
        var patientParameter = patientSearch ? ""","searchParam":[{"name":"patient","type":"reference"}]""" : "";
        return $$"""
            {"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"],
             "rest":[{"mode":"server","resource":[
               {"type":"Patient","interaction":[{"code":"read"}{{search}}]},
               {"type":"Group","interaction":[{"code":"read"}]{{operation}}},
               {"type":"ExplanationOfBenefit","interaction":[{"code":"read"}{{search}}]{{patientParameter}}}]}]}
            """;
    }

    private sealed class StubEhr(string metadata) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = path.EndsWith("/metadata", StringComparison.Ordinal) ? metadata
                : path.EndsWith("/.well-known/smart-configuration", StringComparison.Ordinal)
                    ? """{"token_endpoint":"https://ehr.example.test/token","grant_types_supported":["authorization_code","client_credentials"]}"""
                    : null;
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
