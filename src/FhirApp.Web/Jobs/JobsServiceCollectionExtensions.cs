using FhirApp.Core.Denials.Intake;
using FhirApp.Core.Scoring;
using FhirApp.Web.Smart;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Quartz;

namespace FhirApp.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    public const string HttpClientName = "backend-fhir";

    /// <summary>
    /// One adjudication poll job per registration with a backendServices client, and a model retraining job (weekly
    /// retrain, daily AUC check) and a denial escalation job per registration, on Quartz's in-memory store (a
    /// clustered store comes with issue 7); HTTP retries with backoff on 429 / 5xx / timeouts, honouring Retry-After.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // Jobs are made per registration at start-up: AddSmartLaunch has loaded smart-config/ already.
        var registry = services.Select(d => d.ImplementationInstance).OfType<SmartRegistry>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddSmartLaunch must come before AddJobs.");
        services.AddOptions<JobsOptions>().BindConfiguration("Jobs").ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        var scoring = configuration.GetSection("Scoring").Get<ScoringOptions>() ?? new ScoringOptions();
        foreach (var cron in new[] { scoring.RetrainCron, scoring.AucCheckCron }.Where(c => !CronExpression.TryParse(c, out _)))
        {
            throw new InvalidOperationException($"Scoring: '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
        }
        services.AddAdjudicationIntake();
        services.AddSingleton<BackendTokenProvider>();
        services.AddSingleton<JobControl>();
        services.AddScoped<AdjudicationPollRunner>();

        // No request logging: FHIR URLs may carry ids.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers().AddResilienceHandler(HttpClientName, pipeline =>
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                ShouldHandle = options.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds),
                ShouldRetryAfterHeader = true,
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
        });

        if (!options.Enabled)
        {
            return services;
        }
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            foreach (var registration in registry.Registrations.Where(r => r.BackendServices is not null))
            {
                var job = AdjudicationPollJob.KeyFor(registration.Id);
                q.AddJob<AdjudicationPollJob>(j => j.WithIdentity(job).UsingJobData(AdjudicationPollJob.RegistrationKey, registration.Id).StoreDurably());
                q.AddTrigger(t => t.ForJob(job).WithIdentity(AdjudicationPollJob.TriggerFor(registration.Id)).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(registration.BackendServices!.PollIntervalSeconds)).RepeatForever()));
            }
            foreach (var registration in registry.Registrations)
            {
                var job = ModelRetrainJob.KeyFor(registration.Id);
                q.AddJob<ModelRetrainJob>(j => j.WithIdentity(job).UsingJobData(ModelRetrainJob.RegistrationKey, registration.Id).StoreDurably());
                q.AddTrigger(t => t.ForJob(job).UsingJobData(ModelRetrainJob.ModeKey, ModelRetrainJob.RetrainMode).UsingJobData(ModelRetrainJob.TriggerKey, "schedule")
                    .WithCronSchedule(scoring.RetrainCron, c => c.InTimeZone(TimeZoneInfo.Utc)));
                q.AddTrigger(t => t.ForJob(job).UsingJobData(ModelRetrainJob.ModeKey, ModelRetrainJob.CheckMode)
                    .WithCronSchedule(scoring.AucCheckCron, c => c.InTimeZone(TimeZoneInfo.Utc)));
            }
            foreach (var registration in registry.Registrations)
            {
                var job = DenialEscalationJob.KeyFor(registration.Id);
                q.AddJob<DenialEscalationJob>(j => j.WithIdentity(job).UsingJobData(DenialEscalationJob.RegistrationKey, registration.Id).StoreDurably());
                q.AddTrigger(t => t.ForJob(job).StartNow().WithSimpleSchedule(s => s.WithInterval(DenialEscalationJob.Interval).RepeatForever()));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
