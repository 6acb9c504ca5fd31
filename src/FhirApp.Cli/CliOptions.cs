using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FhirApp.Cli;

/// <summary>Options shared by several commands, with their validation (a bad value is an argument error, exit 2).</summary>
internal static class CliOptions
{
    public static Option<DateOnly?> Today() => new("--today")
    {
        Description = "Pin the clock to this day (YYYY-MM-DD) for reproducible filing-limit findings; default: the real date.",
        CustomParser = ParseDate,
    };

    public static Option<string?> Content() => new("--content")
    {
        Description = "Scrubbing content folder (payers/*.json, code tables); default: the ScrubbingContent folder shipped with fhirapp.",
    };

    public static Option<int> PositiveInt(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description, Required = defaultValue is null };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError($"{name} must be a positive number.");
            }
        });
        return option;
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"--today must be a date as YYYY-MM-DD, not '{token}'.");
        return null;
    }
}
