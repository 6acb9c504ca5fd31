namespace FhirApp.Core.Appeals;

/// <summary>Appeals settings (configuration section "Appeals").</summary>
public sealed class AppealOptions
{
    /// <summary>Folder holding criteria.json, units.json, guidelines.json and appeal-templates/; default: AppealsContent beside the binaries.</summary>
    public string? ContentDirectory { get; set; }

    /// <summary>
    /// An addendum takes the clinician this many days at least: with fewer left before the deadline, a line the chart
    /// half-supports is appealed with what it shows instead of waiting for an answer.
    /// </summary>
    public int AddendumLeadDays { get; set; } = 10;

    /// <summary>
    /// An addendum to a session older than this many days is a late entry: the request warns the clinician and the
    /// addendum is labelled as one, with the date it was written.
    /// </summary>
    public int LateEntryDays { get; set; } = 30;

    /// <summary>How each payer receives appeals, by payer Organization id; payers not listed get an export for their portal or fax.</summary>
    public Dictionary<string, PayerChannelOptions> Payers { get; set; } = new(StringComparer.Ordinal);
}
