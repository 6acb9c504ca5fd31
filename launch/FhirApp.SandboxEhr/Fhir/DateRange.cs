using System.Globalization;

namespace FhirApp.SandboxEhr.Fhir;

/// <summary>A FHIR date/dateTime search value as the half-open interval its precision implies.</summary>
internal readonly record struct DateRange(DateTimeOffset Start, DateTimeOffset End)
{
    private static readonly string[] Prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb"];

    public static bool TryParse(string raw, out string prefix, out DateRange range)
    {
        prefix = raw.Length > 2 && Prefixes.Contains(raw[..2]) ? raw[..2] : "eq";
        var value = raw.Length > 2 && Prefixes.Contains(raw[..2]) ? raw[2..] : raw;
        range = default;
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (value.Length == 4 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            range = new DateRange(start, start.AddYears(1));
            return true;
        }

        if (value.Length == 7 && DateTimeOffset.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, styles, out var month))
        {
            range = new DateRange(month, month.AddMonths(1));
            return true;
        }

        if (value.Length == 10 && DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var day))
        {
            range = new DateRange(day, day.AddDays(1));
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out var instant))
        {
            var precision = value.Contains('.', StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(1)
                : value.Length >= 19 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
            range = new DateRange(instant, instant + precision);
            return true;
        }

        return false;
    }

    public bool Matches(string prefix, DateTimeOffset value) => prefix switch
    {
        "eq" => value >= Start && value < End,
        "ne" => value < Start || value >= End,
        "gt" or "sa" => value >= End,
        "ge" => value >= Start,
        "lt" or "eb" => value < Start,
        "le" => value < End,
        _ => false,
    };
}
