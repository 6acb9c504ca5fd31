using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirApp.Core.Tests;

/// <summary>
/// Typed access to fhir-fixtures/ (as fhir-server's Samples): <c>FhirFixtures.Claim("claim-maria-20610")</c>.
/// Demo resources are parsed strictly, so a fixture that stops being valid FHIR fails the test that uses it.
/// </summary>
internal static class FhirFixtures
{

    private static readonly FhirJsonDeserializer StrictDeserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The repository root (the folder holding FhirApp.sln and fhir-fixtures/).</summary>
    public static string RepositoryRoot => FhirApp.Tests.Shared.RepositoryPaths.Root;

    public static string DemoDirectory => Path.Combine(RepositoryRoot, "fhir-fixtures", "demo");

    public static string EdgeDirectory => Path.Combine(RepositoryRoot, "fhir-fixtures", "edge");

    /// <summary>Public FHIR samples copied into the repository (tests/samples/fhir-samples, with their licences).</summary>
    public static string SharedSamplesDirectory => Path.Combine(FhirApp.Tests.Shared.RepositoryPaths.Samples, "fhir-samples");

    /// <summary>CARC codes (no descriptions), tests/samples/codes/carc-codes.txt.</summary>
    public static string CarcCodesFile => Path.Combine(FhirApp.Tests.Shared.RepositoryPaths.Samples, "codes", "carc-codes.txt");

    public static Claim Claim(string id) => Demo<Claim>(id);

    public static ClaimResponse ClaimResponse(string id) => Demo<ClaimResponse>(id);

    public static ExplanationOfBenefit Eob(string id) => Demo<ExplanationOfBenefit>(id);

    public static Patient Patient(string id) => Demo<Patient>(id);

    public static Coverage Coverage(string id) => Demo<Coverage>(id);

    public static Organization Organization(string id) => Demo<Organization>(id);

    public static Practitioner Practitioner(string id) => Demo<Practitioner>(id);

    public static DocumentReference DocumentReference(string id) => Demo<DocumentReference>(id);

    /// <summary>One demo resource, parsed strictly.</summary>
    public static T Demo<T>(string id)
        where T : Resource
    {
        var type = ModelInfo.GetFhirTypeNameForType(typeof(T));
        var path = Path.Combine(DemoDirectory, $"{type}-{id}.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No demo fixture {type}/{id} (expected {path}).", path);
        }

        return StrictDeserializer.Deserialize<T>(File.ReadAllText(path));
    }

    /// <summary>The raw JSON of an edge-case file, e.g. "Claim-claim-edge-malformed.json".</summary>
    public static string EdgeJson(string fileName) => File.ReadAllText(Path.Combine(EdgeDirectory, fileName));

    /// <summary>Every demo resource through the app's reader.</summary>
    public static FhirReadResult ReadDemo() => FhirResourceReader.ReadDirectory(DemoDirectory);

    /// <summary>Every demo and edge resource indexed, as the app would after fetching them.</summary>
    public static PatientRecord DemoRecord(bool includeEdge = false)
    {
        var results = new List<FhirReadResult> { FhirResourceReader.ReadDirectory(DemoDirectory) };
        if (includeEdge)
        {
            results.Add(FhirResourceReader.ReadDirectory(EdgeDirectory));
        }

        return PatientRecord.Create(FhirReadResult.Combine(results).Resources);
    }
}
