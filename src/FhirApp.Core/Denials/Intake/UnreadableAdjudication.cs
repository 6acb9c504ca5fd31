using FhirApp.Core.Data;

namespace FhirApp.Core.Denials.Intake;

/// <summary>
/// An adjudication the intake could not read (<see cref="AdjudicationIntakeError"/>), as the jobs page shows it: when,
/// where it came from, what it was and why, in plain words. No record id and no content: only what a biller already
/// sees of a failed fetch or remittance file.
/// </summary>
public sealed record UnreadableAdjudication(DateTimeOffset RecordedAt, string From, string What, string Why)
{
    public static UnreadableAdjudication Of(AdjudicationIntakeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new UnreadableAdjudication(
            new DateTimeOffset(DateTime.SpecifyKind(error.RecordedAt, DateTimeKind.Utc)),
            FromInWords(error.Source),
            error.ResourceType switch
            {
                "ExplanationOfBenefit" => "Explanation of benefit",
                "ClaimResponse" => "Claim response",
                null => "Unknown record",
                _ => "Another kind of record",
            },
            WhyInWords(error.Error));
    }

    /// <summary>The source key the intake was given ("poll:…", "export:…", "x12-835:path"), in words; a file by its name only.</summary>
    public static string FromInWords(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var (kind, rest) = colon < 0 ? (source, "") : (source[..colon], source[(colon + 1)..]);
        return kind switch
        {
            "poll" => "EHR poll",
            "export" => "EHR bulk export",
            "x12-835" => rest.Length == 0 ? "835 remittance file" : "835 remittance file " + Path.GetFileName(rest),
            _ => "Other intake",
        };
    }

    /// <summary>The intake's error (see DenialIntake), in words.</summary>
    public static string WhyInWords(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.StartsWith("not an ", StringComparison.Ordinal))
        {
            return "It is not a payer's decision on a claim, so there was nothing to read.";
        }

        if (error.StartsWith("no id", StringComparison.Ordinal))
        {
            return "It carries no identifier, so it could not be stored without risking a duplicate.";
        }

        return error.StartsWith("could not be read", StringComparison.Ordinal)
            ? "Its contents are damaged or incomplete, so its amounts and reasons could not be read."
            : "It could not be read.";
    }
}
