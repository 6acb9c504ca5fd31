using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>
/// Moves every full date, dateTime and instant of a resource by the same number of days, so a demo data set keeps its
/// shape (decision 40 days after service, appeal due 90 days after the decision) relative to today and never ages.
/// Partial dates (a year, a year-month) and every other string are left alone.
/// </summary>
public static partial class FhirDateShifter
{
    public static void Shift(JsonNode? node, int days)
    {
        if (days == 0 || node is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && Moved(text, days) is { } moved)
                    {
                        obj[key] = moved;
                    }
                    else
                    {
                        Shift(child, days);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && Moved(text, days) is { } moved)
                    {
                        array[i] = moved;
                    }
                    else
                    {
                        Shift(array[i], days);
                    }
                }

                break;
        }
    }

    /// <summary>The value moved by <paramref name="days"/>, keeping its time and zone; null when it is not a full date.</summary>
    public static string? Moved(string text, int days)
    {
        var match = FullDate().Match(text);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        return date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + match.Groups[2].Value;
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex FullDate();
}
