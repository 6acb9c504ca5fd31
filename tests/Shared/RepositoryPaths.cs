namespace FhirApp.Tests.Shared;

/// <summary>
/// The repository's folders, found once by walking up from the test binaries to FhirApp.sln. One file, compiled into
/// each test project (a link in its csproj), so every project finds the repository the same way.
/// </summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FhirApp.sln")) && Directory.Exists(Path.Combine(directory.FullName, "fhir-fixtures")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No repository root (FhirApp.sln + fhir-fixtures/) above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootDirectory.Value;

    public static string Fixtures => Path.Combine(Root, "fhir-fixtures");

    public static string DemoFixtures => Path.Combine(Fixtures, "demo");

    /// <summary>Public FHIR samples copied into the repository with their licences (tests/samples).</summary>
    public static string Samples => Path.Combine(Root, "tests", "samples");
}
