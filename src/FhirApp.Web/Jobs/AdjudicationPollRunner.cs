using FhirApp.Core.Denials.Intake;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Options;

namespace FhirApp.Web.Jobs;

/// <summary>One adjudication poll of a practice with its Backend Services token: what the Quartz job runs.</summary>
public sealed class AdjudicationPollRunner(
    AdjudicationPoller poller, SmartRegistry registry, BackendTokenProvider tokens, IHttpMessageHandlerFactory handlers, IOptions<JobsOptions> options)
{
    public static readonly IReadOnlyList<string> ResourceTypes = ["ExplanationOfBenefit", "ClaimResponse"];

    public static string SourceFor(string registrationId) => $"poll:{registrationId}";

    public async Task<PollSummary> RunAsync(string registrationId, CancellationToken ct)
    {
        var registration = registry.FindById(registrationId) is { BackendServices: not null } r
            ? r
            : throw new InvalidOperationException($"Registration '{registrationId}' does not exist or has no backendServices client.");
        var bearer = new BackendBearerHandler(tokens, registration) { InnerHandler = handlers.CreateHandler(JobsServiceCollectionExtensions.HttpClientName) };
        using var http = new HttpClient(bearer, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }; // the resilience handler times each attempt
        var target = new PollTarget(registration.JobsPractice, SourceFor(registration.Id), new Uri(registration.FhirBaseUrl), ResourceTypes, options.Value.PageSize);
        return await poller.PollAsync(target, http, ct);
    }
}
