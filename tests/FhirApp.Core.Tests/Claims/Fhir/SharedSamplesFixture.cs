using FhirApp.Core.Claims.Fhir;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>Reads every file under tests/samples/fhir-samples once for the tests that share it (about 300 files, 25 MB).</summary>
public sealed class SharedSamplesFixture
{
    public SharedSamplesFixture()
    {
        Root = FhirFixtures.SharedSamplesDirectory;
        var files = Directory.GetFiles(Root, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                Results[file] = FhirResourceReader.ReadFile(file);
            }
            catch (Exception ex)
            {
                // Recorded, not rethrown: the test reports every file that threw, not just the first.
                Exceptions[file] = ex;
            }
        }
    }

    public string Root { get; }

    public Dictionary<string, FhirReadResult> Results { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Exception> Exceptions { get; } = new(StringComparer.Ordinal);

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public FhirReadResult Read(string relativePath) => Results[Path.Combine(Root, relativePath)];
}
