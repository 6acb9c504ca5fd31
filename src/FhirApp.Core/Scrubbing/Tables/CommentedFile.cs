namespace FhirApp.Core.Scrubbing.Tables;

/// <summary>
/// A starter text file whose leading "# version:", "# effective:" and "# source:" comments say where its rows come from;
/// the other lines are returned with their line numbers.
/// </summary>
internal sealed record CommentedFile(string FileName, string Version, string Effective, string Source, IReadOnlyList<(int Number, string Text)> Lines)
{
    public static CommentedFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        string version = "unversioned", effective = "unknown", source = Path.GetFileName(path);
        var lines = new List<(int, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith('#'))
            {
                var comment = line.TrimStart('#').Trim();
                version = Value(comment, "version:") ?? version;
                effective = Value(comment, "effective:") ?? effective;
                source = Value(comment, "source:") ?? source;
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add((number, line));
            }
        }
        return new CommentedFile(Path.GetFileName(path), version, effective, source, lines);
    }

    public SourceCitation Cite() => new($"{Source} [{FileName}, effective {Effective}]", Version);

    private static string? Value(string comment, string key) =>
        comment.StartsWith(key, StringComparison.OrdinalIgnoreCase) ? comment[key.Length..].Trim() : null;
}
