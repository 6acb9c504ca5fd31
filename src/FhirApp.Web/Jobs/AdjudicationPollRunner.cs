using FhirApp.Core.Denials.Intake;
using FhirApp.Web.Jobs.Export;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Options;

namespace FhirApp.Web.Jobs;

/// <summary>
/// One adjudication poll of a practice with its Backend Services token: what the Quartz job runs. The mode comes from
/// the EHR's capabilities (<see cref="EhrCapabilityReader"/>): Bulk Data $export, a search per patient, or one search
/// across patients; every mode feeds the same idempotent denials intake.
/// </summary>
public sealed class AdjudicationPollRunner(
    AdjudicationPoller poller, BulkExportIntake exports, EhrCapabilityReader capabilities, BulkExportClients bulkClients, ExportOptions exportOptions,
    SmartRegistry registry, BackendTokenProvider tokens, IHttpMessageHandlerFactory handlers, IOptions<JobsOptions> options)
{
    public static readonly IReadOnlyList<string> ResourceTypes = ["ExplanationOfBenefit", "ClaimResponse"];

    public static string SourceFor(string registrationId) => $"poll:{registrationId}";

    public static string ExportSourceFor(string registrationId) => $"export:{registrationId}";

    public async Task<PollSummary> RunAsync(string registrationId, CancellationToken ct)
    {
        var registration = registry.FindById(registrationId) is { BackendServices: not null } r
            ? r
            : throw new InvalidOperationException($"Registration '{registrationId}' does not exist or has no backendServices client.");
        var choice = await capabilities.ChooseAsync(registration, ct);
        if (choice.Mode == IntakeMode.BulkExport)
        {
            var target = new BulkExportTarget(registration.JobsPractice, ExportSourceFor(registration.Id), registration.BackendServices!.ExportGroupId,
                ResourceTypes, exportOptions.DownloadDirectory, options.Value.PageSize);
            return await exports.RunAsync(target, bulkClients.Create(registration), ct);
        }

        var bearer = new BackendBearerHandler(tokens, registration) { InnerHandler = handlers.CreateHandler(JobsServiceCollectionExtensions.HttpClientName) };
        using var http = new HttpClient(bearer, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }; // the resilience handler times each attempt
        var fhirBase = new Uri(registration.FhirBaseUrl);
        if (choice.Mode == IntakeMode.PatientSearch)
        {
            var perPatient = new PollTarget(registration.JobsPractice, SourceFor(registration.Id), fhirBase, ResourceTypes, options.Value.PageSize);
            return await poller.PollPerPatientAsync(perPatient, http, ct);
        }

        var target2 = new PollTarget(registration.JobsPractice, SourceFor(registration.Id), fhirBase, ResourceTypes, options.Value.PageSize);
        return await poller.PollAsync(target2, http, ct);
    }
}
