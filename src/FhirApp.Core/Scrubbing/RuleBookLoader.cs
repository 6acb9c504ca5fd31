using FhirApp.Core.Scrubbing.Tables;

namespace FhirApp.Core.Scrubbing;

/// <summary>
/// Loads all rule content from one directory (by default the ScrubbingContent folder beside the binaries):
/// payers/*.json for payer policies; code tables beside them, or the practice's CMS downloads in cms/ (Content/README.md).
/// </summary>
public static class RuleBookLoader
{
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "ScrubbingContent");

    public static RuleBook Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Scrubbing content directory '{directory}' does not exist.");
        }
        var versionFile = Path.Combine(directory, "VERSION");
        return new RuleBook
        {
            ContentVersion = File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : "unversioned",
            Payers = PayerPolicyLoader.LoadDirectory(Path.Combine(directory, "payers")),
            Codes = CodeTableLoader.Load(directory),
        };
    }
}
