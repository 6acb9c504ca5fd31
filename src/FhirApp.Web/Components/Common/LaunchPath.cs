namespace FhirApp.Web.Components.Common;

/// <summary>The launch id in an app path (/l/{launch}/…): the 404 and error pages link back to that launch's screens.</summary>
public static class LaunchPath
{
    /// <summary>The launch id of a base-relative or rooted path, or null when the path is not under /l/{launch}.</summary>
    public static string? LaunchIdOf(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var parts = path.Split('?', '#')[0].TrimStart('/').Split('/', 3);
        return parts.Length >= 2 && parts[0] == "l" && parts[1].Length > 0 && parts[1].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? parts[1]
            : null;
    }
}
