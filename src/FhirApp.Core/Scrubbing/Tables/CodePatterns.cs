using System.Text.RegularExpressions;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>Code shapes and ranges shared by the table readers and the code-level rules.</summary>
internal static partial class CodePatterns
{
    /// <summary>ICD-10-CM without its dot: a letter, a digit, then 1 to 5 more characters (3 to 7 in all).</summary>
    public static bool IsIcd10Cm(string code) => Icd10Cm().IsMatch(code);

    /// <summary>CPT Category I (5 digits) or Category II / III (4 digits + F / T).</summary>
    public static bool IsCpt(string code) => Cpt().IsMatch(code);

    /// <summary>HCPCS Level II: a letter A–V and 4 digits.</summary>
    public static bool IsHcpcsLevel2(string code) => HcpcsLevel2().IsMatch(code);

    /// <summary>Any 5-character procedure code as the CMS edit files write them (CPT, Category II/III, HCPCS II).</summary>
    public static bool IsProcedureCode(string code) => ProcedureCode().IsMatch(code);

    /// <summary>Office / outpatient and office consultation E/M codes: the ones modifier 25 and 57 attach to.</summary>
    public static bool IsOfficeEm(string code) => InRange(code, 99202, 99215) || InRange(code, 99241, 99245);

    /// <summary>Any E/M code (99202–99499), for modifier misuse checks.</summary>
    public static bool IsEm(string code) => InRange(code, 99202, 99499);

    /// <summary>Anesthesia codes 00100–01999.</summary>
    public static bool IsAnesthesia(string code) => InRange(code, 100, 1999);

    private static bool InRange(string code, int low, int high) =>
        code.Length == 5 && int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n >= low && n <= high;

    [GeneratedRegex("^[A-Z][0-9][0-9A-Z]{1,5}$")]
    private static partial Regex Icd10Cm();

    [GeneratedRegex("^(?:[0-9]{5}|[0-9]{4}[FT])$")]
    private static partial Regex Cpt();

    [GeneratedRegex("^[A-V][0-9]{4}$")]
    private static partial Regex HcpcsLevel2();

    [GeneratedRegex("^[0-9A-Z]{5}$")]
    private static partial Regex ProcedureCode();
}
