using System.Text;
using FhirApp.Core.Common.X12;

namespace FhirApp.Core.Remittance;

/// <summary>Which files in a folder are X12: by extension (.835, .x12, .edi), or any file that starts with an ISA segment.</summary>
public static class RemittanceFiles
{
    public static IReadOnlyList<string> Extensions { get; } = [".835", ".x12", ".edi"];

    public static bool IsX12(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[64];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return X12Tokenizer.StartsWithIsa(Encoding.UTF8.GetString(head, 0, read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the FHIR reader will report the unreadable file
        }
    }
}
