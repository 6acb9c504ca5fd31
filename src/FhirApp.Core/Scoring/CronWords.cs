using System.Globalization;

namespace FhirApp.Core.Scoring;

/// <summary>
/// A Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]) in words for the screens:
/// "every Sunday at 03:00 UTC". Hand-written and small on purpose: it knows the shapes our schedules use (daily, weekly
/// on named days, monthly on a day, hourly) and answers the cron string itself for any other shape rather than guess.
/// </summary>
public static class CronWords
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] DayAbbreviations = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>The schedule in words (times in <paramref name="zone"/>), or the expression as given for shapes it does not know.</summary>
    public static string Describe(string cron, string zone = "UTC")
    {
        ArgumentNullException.ThrowIfNull(cron);
        var parts = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 6 or > 7 || parts[0] != "0" || parts[4] != "*" || (parts.Length == 7 && parts[6] != "*")
            || !Number(parts[1], 59, out var minute))
        {
            return cron;
        }

        var (hours, dayOfMonth, dayOfWeek) = (parts[2], parts[3], parts[5]);
        if (hours == "*")
        {
            return IsAny(dayOfMonth) && IsAny(dayOfWeek)
                ? minute == 0 ? "every hour, on the hour" : $"every hour at {minute} minutes past"
                : cron;
        }

        if (!Number(hours, 23, out var hour))
        {
            return cron;
        }

        var at = $"at {hour:00}:{minute:00} {zone}";
        if (IsAny(dayOfMonth) && IsAny(dayOfWeek))
        {
            return $"every day {at}";
        }
        if (dayOfMonth == "?" && Days(dayOfWeek) is { } days)
        {
            return $"every {days} {at}";
        }
        if (dayOfWeek == "?" && Number(dayOfMonth, 31, out var day) && day >= 1)
        {
            return $"on day {day} of every month {at}";
        }
        return cron;
    }

    private static bool IsAny(string field) => field is "*" or "?";

    private static bool Number(string field, int max, out int value) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;

    /// <summary>"Sunday", "Monday and Thursday", "Monday to Friday"; null for shapes it does not know (steps, "L", "#").</summary>
    private static string? Days(string field)
    {
        if (field.Split('-') is [var from, var to] && Day(from) is { } first && Day(to) is { } last && first < last)
        {
            return $"{DayNames[first]} to {DayNames[last]}";
        }

        var days = field.Split(',').Select(Day).ToList();
        if (days.Any(d => d is null))
        {
            return null;
        }

        var names = days.Select(d => DayNames[d!.Value]).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    /// <summary>0 (Sunday) to 6 (Saturday) from Quartz's SUN..SAT or 1..7.</summary>
    private static int? Day(string field)
    {
        var named = Array.IndexOf(DayAbbreviations, field.ToUpperInvariant());
        if (named >= 0)
        {
            return named;
        }
        return Number(field, 7, out var number) && number >= 1 ? number - 1 : null;
    }
}
