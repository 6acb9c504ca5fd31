namespace FhirApp.Cli;

/// <summary>Opens a command's CSV output file (UTF-8 without BOM), or says why it cannot.</summary>
internal static class CsvOutput
{
    public static StreamWriter? TryCreate(string path, TextWriter error)
    {
        try
        {
            return new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"Cannot write '{path}': {ex.Message}");
            return null;
        }
    }
}
