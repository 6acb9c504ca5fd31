using System.Text.RegularExpressions;

namespace FhirApp.Web.Components.Common;

/// <summary>
/// What a screen shows for a refused action. Our services refuse with sentences written for the user
/// (InvalidOperationException, ArgumentException); the framework adds "(Parameter 'note')" to the latter, and a parser's
/// or library's message (JSON paths, type names) is no use to a biller: those become a plain fallback, the details go to
/// the log by the caller.
/// </summary>
public static partial class UserMessages
{
    public const string Fallback = "FhirApp could not do that. Nothing was changed. Try again; if it keeps failing, tell your administrator.";

    public static string For(Exception ex, string fallback = Fallback)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is not (InvalidOperationException or ArgumentException) || ex.GetType().Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
        {
            return fallback;
        }

        var message = ParameterSuffix().Replace(ex.Message, "").Trim();
        return message.Length == 0 || Technical().IsMatch(message) ? fallback : message;
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)\s*$")]
    private static partial Regex ParameterSuffix();

    // The framework's own wording and what parsers and libraries put in messages: never a user's sentence.
    [GeneratedRegex(@"^Value cannot be null|^Specified argument|^Sequence contains|^Nullable object|^Collection was modified|\bJSON\b|'\$\.|\bLineNumber\b|\bBytePositionInLine\b|\bPath: |Exception\b|\bat [A-Z][A-Za-z]+\.[A-Z]|\b(?:Patient|Practitioner|Organization|Claim|DocumentReference|Task)/[A-Za-z0-9\-.]+")]
    private static partial Regex Technical();
}
