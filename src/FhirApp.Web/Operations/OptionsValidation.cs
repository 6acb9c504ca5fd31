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
        services.AddSingleton<IValidateOptions<EhrResilienceOptions>>(new SectionValidator<EhrResilienceOptions>(EhrResilienceOptions.Section));
        services.AddSingleton<IValidateOptions<JobsOptions>>(new SectionValidator<JobsOptions>("Jobs"));
        services.AddOptions<ScoringOptions>().BindConfiguration("Scoring").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScoringOptions>, ScoringValidator>();
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

    /// <summary>DataAnnotations, reported as "{section}:{member}: {problem}".</summary>
    private sealed class SectionValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }
            return ValidateOptionsResult.Fail(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }

    private sealed class ScoringValidator : IValidateOptions<ScoringOptions>
    {
        public ValidateOptionsResult Validate(string? name, ScoringOptions o)
        {
            var failures = new List<string>();
            void Check(bool ok, string key, string problem)
            {
                if (!ok)
                {
                    failures.Add($"Scoring:{key}: {problem}");
                }
            }
            Check(o.AucFloor is > 0.5 and <= 1.0, nameof(o.AucFloor), $"must be above 0.5 and at most 1.0, not {o.AucFloor.ToString(CultureInfo.InvariantCulture)}.");
            Check(o.AucWindowDays is >= 1 and <= 365, nameof(o.AucWindowDays), "must be between 1 and 365 days.");
            Check(o.MinCheckClaims >= 1, nameof(o.MinCheckClaims), "must be at least 1.");
            Check(CronExpression.TryParse(o.RetrainCron, out _), nameof(o.RetrainCron), $"'{o.RetrainCron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
            Check(CronExpression.TryParse(o.AucCheckCron, out _), nameof(o.AucCheckCron), $"'{o.AucCheckCron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
