using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirApp.Core.Common;

/// <summary>
/// Binds a feature's settings section once, validates it at start-up (each failure naming "{section}:{key}"), and
/// registers the validated instance itself, so services inject the options class and always get the checked copy.
/// </summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddValidatedSection<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>>? check = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, check));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>DataAnnotations plus the feature's own checks, reported as "{section}:{member}: {problem}".</summary>
    private sealed class SectionValidator<T>(string section, Func<T, IEnumerable<string>>? check) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            var failures = results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")
                .Concat((check?.Invoke(options) ?? []).Select(f => $"{section}:{f}"))
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
