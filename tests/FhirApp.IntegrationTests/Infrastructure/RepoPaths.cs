namespace FhirApp.IntegrationTests.Infrastructure;

internal static class RepoPaths
{
    public static string Root => FhirApp.Tests.Shared.RepositoryPaths.Root;

    public static string Fixtures => Path.Combine(Root, "fhir-fixtures");

    public static string Sandbox => Path.Combine(Root, "launch", "FhirApp.SandboxEhr");

    public static string Artifacts => Directory.CreateDirectory(Path.Combine(Root, "artifacts", "test")).FullName;
}
