namespace FhirApp.Core.Tests.Remittance;

/// <summary>Typed access to fhir-fixtures/x12/: <c>X12Fixtures.Accepted("paid-acme.835")</c>.</summary>
internal static class X12Fixtures
{
    public static string Directory => Path.Combine(FhirFixtures.RepositoryRoot, "fhir-fixtures", "x12");

    public static string AcceptedDirectory => Path.Combine(Directory, "835", "accepted");

    public static string RefusedDirectory => Path.Combine(Directory, "835", "refused");

    public static string Accepted(string name) => Path.Combine(AcceptedDirectory, name);

    public static string Refused(string name) => Path.Combine(RefusedDirectory, name);

    public static string Text(string path) => File.ReadAllText(path);

    public static IEnumerable<string> AllAccepted => System.IO.Directory.EnumerateFiles(AcceptedDirectory).Order(StringComparer.Ordinal);

    public static IEnumerable<string> AllRefused => System.IO.Directory.EnumerateFiles(RefusedDirectory).Order(StringComparer.Ordinal);
}
