namespace FhirApp.Core.Claims.Sources;

/// <summary>
/// The data files of a FHIR folder, recursively. A file or folder whose name begins with '.' is not data: the state
/// and partial downloads `fhirapp export` keeps beside the NDJSON it writes, or an operating system's metadata.
/// </summary>
public static class FhirFolderFiles
{
    public static IEnumerable<string> Enumerate(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(path => !IsHidden(Path.GetRelativePath(directory, path)));
    }

    /// <summary>Whether any part of <paramref name="relativePath"/> (below the folder read) begins with '.'.</summary>
    public static bool IsHidden(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.Length > 0 && part[0] == '.' && part is not ("." or ".."));
    }
}
