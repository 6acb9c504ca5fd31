using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FhirApp.Core.Scoring;
using FhirApp.Web.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace FhirApp.Web.Operations;

/// <summary>
/// Settings checked when the app starts, each failure naming its configuration key ("Ehr:Resilience:MaxRetries:
/// must be between 0 and 10"). smart-config files are checked as they load (<see cref="Smart.SmartRegistry.Validate"/>).
/// <see cref="ValidateNow"/> runs every ValidateOnStart check before start-up touches the database.
/// </summary>
public static class OptionsValidation
{
    public static IServiceCollection AddFhirAppOptionsValidation(this IServiceCollection services)
    {
        // Scoring binds and checks its own section (AddScoring); the cron expressions are the scheduler's to check.
        services.AddSingleton<IValidateOptions<ScoringOptions>, ScoringCronValidator>();
        services.AddOptions<DatabaseSettings>()
            .Configure<IConfiguration>((o, c) => (o.Provider, o.ConnectionString) = (c["Database:Provider"] ?? "Sqlite", c.GetConnectionString("FhirApp")))
            .Validate(o => !o.Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "ConnectionStrings:FhirApp: required when Database:Provider is PostgreSQL (e.g. Host=db;Database=fhirapp;Username=fhirapp;Password=…).")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Runs the ValidateOnStart checks now (the host would only run them after start-up code has run).</summary>
    public static void ValidateNow(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    internal sealed class DatabaseSettings
    {
        public string Provider { get; set; } = "Sqlite";

        public string? ConnectionString { get; set; }
    }

    private sealed class ScoringCronValidator : IValidateOptions<ScoringOptions>
    {
        public ValidateOptionsResult Validate(string? name, ScoringOptions o)
        {
            var failures = new List<string>();
            foreach (var (key, cron) in new[] { (nameof(o.RetrainCron), o.RetrainCron), (nameof(o.AucCheckCron), o.AucCheckCron) })
            {
                if (!CronExpression.TryParse(cron, out _))
                {
                    failures.Add($"Scoring:{key}: '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
                }
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
