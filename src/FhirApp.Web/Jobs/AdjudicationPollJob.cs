using FhirApp.Core.Denials.Intake;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Options;
using Quartz;

namespace FhirApp.Web.Jobs;

/// <summary>Polls one practice's ExplanationOfBenefit and ClaimResponse changes with its Backend Services token.</summary>
[DisallowConcurrentExecution]
public sealed class AdjudicationPollJob(
    AdjudicationPoller poller, SmartRegistry registry, BackendTokenProvider tokens, IHttpMessageHandlerFactory handlers, IOptions<JobsOptions> options) : IJob
{
    public const string RegistrationKey = "registration";
    public const string Group = AdjudicationPoller.JobName;

    public static readonly IReadOnlyList<string> ResourceTypes = ["ExplanationOfBenefit", "ClaimResponse"];

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var registration = registry.FindById(context.MergedJobDataMap.GetString(RegistrationKey))
            ?? throw new JobExecutionException("The job's EHR registration no longer exists.");
        var bearer = new BackendBearerHandler(tokens, registration) { InnerHandler = handlers.CreateHandler(JobsServiceCollectionExtensions.HttpClientName) };
        using var http = new HttpClient(bearer, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }; // the resilience handler times attempts
        var target = new PollTarget(registration.Id, $"poll:{registration.Id}", new Uri(registration.FhirBaseUrl), ResourceTypes, options.Value.PageSize);
        await poller.PollAsync(target, http, cancellationToken);
    }

    public static JobKey KeyFor(string registrationId) => new(registrationId, Group);

    public static TriggerKey TriggerFor(string registrationId) => new(registrationId, Group);
}
