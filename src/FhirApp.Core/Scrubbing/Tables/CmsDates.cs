using System.Globalization;

namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>Date fields as the CMS edit files write them.</summary>
internal static class CmsDates
{
    /// <summary>YYYYMMDD, or null.</summary>
    public static DateOnly? ParseCompact(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A deletion date: "*" or empty means "not deleted".</summary>
    public static bool TryParseDeletion(string text, out DateOnly? deleted)
    {
        var trimmed = text.Trim();
        if (trimmed is "" or "*")
        {
            deleted = null;
            return true;
        }
        deleted = ParseCompact(trimmed);
        return deleted is not null;
    }
}
