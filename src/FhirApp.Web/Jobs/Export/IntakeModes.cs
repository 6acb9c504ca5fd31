namespace FhirApp.Web.Jobs.Export;

/// <summary>The registration's mode setting and the words the jobs page shows for each mode.</summary>
public static class IntakeModes
{
    /// <summary>The pinned mode, <see cref="Auto"/> for "auto", or null when the text names none.</summary>
    public static IntakeMode? Parse(string? text) => (text ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" or "" => Auto,
        "export" => IntakeMode.BulkExport,
        "patient-search" => IntakeMode.PatientSearch,
        "system-search" => IntakeMode.SystemSearch,
        _ => null,
    };

    /// <summary>Stands for "auto" in <see cref="Parse"/>: chosen from the EHR's capabilities.</summary>
    public const IntakeMode Auto = (IntakeMode)(-1);

    public static string Key(IntakeMode mode) => mode switch
    {
        IntakeMode.BulkExport => "export",
        IntakeMode.PatientSearch => "patient-search",
        _ => "system-search",
    };

    public static string InWords(IntakeMode mode) => mode switch
    {
        IntakeMode.BulkExport => "Bulk export: the EHR prepares files of everything that changed since the last export",
        IntakeMode.PatientSearch => "One patient at a time: the EHR is asked about each of the practice's patients",
        _ => "One search across all patients",
    };
}
