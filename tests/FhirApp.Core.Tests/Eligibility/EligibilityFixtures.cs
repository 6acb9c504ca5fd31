using FhirApp.Core.Eligibility;

namespace FhirApp.Core.Tests.Eligibility;

/// <summary>Typed access to fhir-fixtures/x12/271 and 270, and the questions the demo's claims ask.</summary>
internal static class EligibilityFixtures
{
    public static string Directory271 => Path.Combine(FhirFixtures.RepositoryRoot, "fhir-fixtures", "x12", "271");

    public static string Golden270 => Path.Combine(FhirFixtures.RepositoryRoot, "fhir-fixtures", "x12", "270", "robert-bluepeak.270");

    public static string Text271(string name) => File.ReadAllText(Path.Combine(Directory271, name));

    public static IEnumerable<string> All271 => Directory.EnumerateFiles(Directory271, "*.271").Order(StringComparer.Ordinal);

    public static readonly ClearinghouseSettings Clearinghouse = new()
    {
        BaseUrl = "https://clearinghouse.example/api",
        SubmitterId = "RIV001",
        ReceiverId = "CLEARINGHOUSE",
    };

    /// <summary>The question of a demo claim, with a fixed trace number.</summary>
    public static EligibilityQuery Query(string claimId, string payerKey, string trace)
    {
        var context = new FhirApp.Core.Claims.ClaimContextBuilder().Build(FhirFixtures.DemoRecord(), claimId) ?? throw new InvalidOperationException(claimId);
        var (query, problem) = EligibilityQuery.From(context, payerKey, trace);
        return query ?? throw new InvalidOperationException(problem);
    }
}
