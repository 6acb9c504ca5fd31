namespace FhirApp.IntegrationTests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "fhir-fixtures");

    public static string Sandbox => Path.Combine(Root, "launch", "FhirApp.SandboxEhr");

    public static string Artifacts => Directory.CreateDirectory(Path.Combine(Root, "artifacts", "test")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FhirApp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("FhirApp.sln not found above " + AppContext.BaseDirectory);
    }
}
