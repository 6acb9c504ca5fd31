using System.Globalization;

namespace FhirApp.Core.Scrubbing.Rules;

/// <summary>How the code-level rules quote claim data in triggers and messages: codes, modifiers, units and dates only, never PHI.</summary>
internal static class RuleText
{
    /// <summary>"29877-59-RT" style: the code with its modifiers.</summary>
    public static string CodeWithModifiers(ClaimLineFacts line) =>
        line.Modifiers.Count == 0 ? line.Code : $"{line.Code}-{string.Join('-', line.Modifiers)}";

    /// <summary>"line 2 = 29877-59-RT, units 1, 2026-01-20".</summary>
    public static string Line(ClaimLineFacts line) =>
        string.Create(CultureInfo.InvariantCulture, $"line {line.Sequence} = {CodeWithModifiers(line)}, units {Units(line.Units)}, date {Date(line.ServiceDate)}");

    public static string Units(decimal units) => units.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";

    /// <summary>"M1711" back to "M17.11" for people reading the message.</summary>
    public static string Icd(string normalized) => normalized.Length > 3 ? $"{normalized[..3]}.{normalized[3..]}" : normalized;
}
