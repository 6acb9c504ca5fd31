using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirApp.Core.Scrubbing.Learned;

/// <summary>
/// The denial mechanisms the rule miner measures, written kebab-case in the rule book
/// ("auth-required") and in finding rule ids ("learned.auth-required").
/// </summary>
[JsonConverter(typeof(LearnedShapeJsonConverter))]
public enum LearnedShape
{
    /// <summary>Claims submitted more than N days after the date of service are denied.</summary>
    FilingLimit,

    /// <summary>A code is denied without a valid prior authorization (none, or one whose period does not cover the date of service).</summary>
    AuthRequired,

    /// <summary>A code is denied without a referring or ordering provider on the claim.</summary>
    ReferringRequired,

    /// <summary>A code is denied whatever else the claim says.</summary>
    NonCovered,

    /// <summary>A code is paid only with the diagnoses on a learned list (a diagnosis-procedure inconsistency otherwise).</summary>
    CoveredDiagnoses,

    /// <summary>Lines whose diagnosis is unspecified (a learned code pattern) are denied.</summary>
    UnspecifiedDiagnosis,

    /// <summary>A code is denied without one of a family of modifiers (25 with a same-day procedure, RT/LT, anesthesia, …).</summary>
    ModifierRequired,

    /// <summary>A column-two code billed the same day as a column-one code is denied, unless a distinct-service modifier waives it.</summary>
    BundledPair,

    /// <summary>More units of a code per day than a learned maximum are denied.</summary>
    UnitsPerDay,

    /// <summary>The same code for the same patient within N days of the previous one is denied.</summary>
    Frequency,

    /// <summary>A code is denied outside the places of service the payer pays it in.</summary>
    PlaceOfService,

    /// <summary>Member ids out of the shapes the payer accepts are denied.</summary>
    MemberIdFormat,

    /// <summary>Coverage that ends without notice: eligibility denials after N months of coverage, or once the coverage drew one.</summary>
    CoverageLapse,
}

/// <summary>kebab-case names for <see cref="LearnedShape"/>.</summary>
internal sealed class LearnedShapeJsonConverter() : JsonStringEnumConverter<LearnedShape>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
