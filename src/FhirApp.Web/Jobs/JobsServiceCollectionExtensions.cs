using FhirApp.Core.Common;
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
    /// retrain, daily AUC check) and a denial escalation job per registration; HTTP retries with backoff on 429 / 5xx /
    /// timeouts, honouring Retry-After. On PostgreSQL the jobs live in Quartz's clustered job store, so several app
    /// instances share them (see <see cref="UseClusteredStore"/>); on SQLite, in memory.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        // Jobs are made per registration at start-up: AddSmartLaunch has loaded smart-config/ already.
        var registry = services.Select(d => d.ImplementationInstance).OfType<SmartRegistry>().SingleOrDefault()
            ?? throw new InvalidOperationException("AddSmartLaunch must come before AddJobs.");
        services.AddValidatedSection<JobsOptions>(configuration, "Jobs");
        var options = configuration.GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        services.AddAdjudicationIntake();
        services.AddSingleton<BackendTokenProvider>();
        services.AddSingleton<JobControl>();
        services.AddScoped<AdjudicationPollRunner>();
        services.AddSingleton<FhirApp.Core.Remittance.RemittanceDropFolder>();
        var connections = services.Select(d => d.ImplementationInstance).OfType<Connections.PracticeConnectionRegistry>().SingleOrDefault()
            ?? new Connections.PracticeConnectionRegistry(new Dictionary<string, Connections.PracticeConnections>());

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
        var postgres = (configuration["Database:Provider"] ?? "Sqlite").Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        services.AddQuartz(q =>
        {
            if (postgres)
            {
                UseClusteredStore(q, configuration.GetConnectionString("FhirApp"), options);
            }
            else
            {
                // SQLite: one process serves a practice, so the schedule lives in that process's memory.
                q.UseInMemoryStore();
            }
            // Every key below is fixed, never generated: on the persistent store each node start declares the same jobs and
            // triggers again and must find (and replace) the ones already stored, not add another copy.
            // RequestRecovery: a job a dead node was running is run again by a live one (the poll resumes from its checkpoint,
            // the retrainer and the escalation are safe to repeat); meaningless in memory, where a dead node is the whole app.
            foreach (var registration in registry.Registrations.Where(r => r.BackendServices is not null))
            {
                var job = AdjudicationPollJob.KeyFor(registration.Id);
                q.AddJob<AdjudicationPollJob>(j => j.WithIdentity(job).UsingJobData(AdjudicationPollJob.RegistrationKey, registration.Id).StoreDurably().RequestRecovery());
                q.AddTrigger(t => t.ForJob(job).WithIdentity(AdjudicationPollJob.TriggerFor(registration.Id)).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(registration.BackendServices!.PollIntervalSeconds)).RepeatForever()));
            }
            foreach (var registration in registry.Registrations)
            {
                var job = ModelRetrainJob.KeyFor(registration.Id);
                q.AddJob<ModelRetrainJob>(j => j.WithIdentity(job).UsingJobData(ModelRetrainJob.PracticeKey, registration.JobsPractice).StoreDurably().RequestRecovery());
                // The crons come from the one bound and validated ScoringOptions (AddScoring); a bad cron stops the start
                // before the scheduler builds these, with its key named (Scoring:RetrainCron, OptionsValidation).
                q.AddTrigger((sp, t) => t.ForJob(job).WithIdentity($"{registration.Id}-retrain", ModelRetrainJob.Group)
                    .UsingJobData(ModelRetrainJob.ModeKey, ModelRetrainJob.RetrainMode).UsingJobData(ModelRetrainJob.TriggerKey, "schedule")
                    .WithCronSchedule(sp.GetRequiredService<ScoringOptions>().RetrainCron, c => c.InTimeZone(TimeZoneInfo.Utc)));
                q.AddTrigger((sp, t) => t.ForJob(job).WithIdentity($"{registration.Id}-check", ModelRetrainJob.Group)
                    .UsingJobData(ModelRetrainJob.ModeKey, ModelRetrainJob.CheckMode)
                    .WithCronSchedule(sp.GetRequiredService<ScoringOptions>().AucCheckCron, c => c.InTimeZone(TimeZoneInfo.Utc)));
                // A practice that has never had its payer rules mined gets them at start, not at the next retraining.
                q.AddTrigger(t => t.ForJob(job).WithIdentity($"{registration.Id}-learn-at-start", ModelRetrainJob.Group)
                    .UsingJobData(ModelRetrainJob.ModeKey, ModelRetrainJob.LearnMode).UsingJobData(ModelRetrainJob.TriggerKey, ModelRetrainJob.StartTrigger)
                    .StartNow());
            }
            RemittanceDropJob.Schedule(q, registry, connections);
            foreach (var registration in registry.Registrations)
            {
                var job = DenialEscalationJob.KeyFor(registration.Id);
                q.AddJob<DenialEscalationJob>(j => j.WithIdentity(job).UsingJobData(DenialEscalationJob.PracticeKey, registration.JobsPractice).StoreDurably().RequestRecovery());
                q.AddTrigger(t => t.ForJob(job).WithIdentity(registration.Id, DenialEscalationJob.Group).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(DenialEscalationJob.Interval).RepeatForever()));
            }
        });
        if (postgres)
        {
            services.Configure<QuartzOptions>(o =>
            {
                // A node that starts replaces the stored definitions with its own (a changed poll interval or cron takes
                // effect), and a replaced trigger keeps the old one's last fire time: a second node starting, or a node
                // restarting, does not fire a StartNow trigger that already fired.
                o.Scheduling.OverwriteExistingData = true;
                o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
            });
        }
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// Quartz's ADO.NET job store on the app's PostgreSQL database, clustered: every app instance on that database is a
    /// node, each trigger fires on one node only (a row lock in qrtz_locks), and when a node stops checking in, another
    /// takes over its triggers and re-runs the jobs it was running that request recovery. Quartz creates its own
    /// qrtz_* tables when they are missing, from the PostgreSQL script embedded in Quartz.dll (ProvisionSchema); nodes
    /// starting at once are safe, the loser of that race finds the winner's schema. That script only creates what is
    /// missing; the repository's database/tables/tables_postgres.sql is for a person at a psql prompt and drops the
    /// schema first, so it is not shipped here. The app's own tables are not Quartz's business and stay with AppDbContext.
    /// </summary>
    internal static void UseClusteredStore(IQuartzBuilder q, string? connectionString, JobsOptions options)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException("Database:Provider is PostgreSQL but ConnectionStrings:FhirApp is not set.");
        }
        q.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.ProvisionSchema();
            store.UseSystemTextJsonSerializer();
            // Clustering gives each node a generated instance id (AUTO: host name and a timestamp).
            store.UseClustering(c =>
            {
                c.CheckinInterval = TimeSpan.FromSeconds(options.ClusterCheckinIntervalSeconds);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.ClusterCheckinMisfireThresholdSeconds);
            });
        });
    }
}
