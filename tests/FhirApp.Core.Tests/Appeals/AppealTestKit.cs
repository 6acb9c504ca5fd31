using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Denials;
using FhirApp.Core.Scrubbing;

namespace FhirApp.Core.Tests.Appeals;

/// <summary>The appeal service as the app composes it, over the shipped content, and the appeal fixtures.</summary>
internal static class AppealTestKit
{
    public static readonly AppealContent Content = AppealContent.Load();

    public static readonly RuleBook Rules = RuleBookLoader.Load();

    public static readonly DenialCauseTable Causes = DenialCauseTable.Load();

    private static readonly Lazy<PatientRecord> Demo = new(() => FhirFixtures.DemoRecord());

    private static readonly Lazy<PatientRecord> EvalAndDose = new(() =>
        PatientRecord.Create(FhirResourceReader.ReadDirectory(Path.Combine(FixturesDirectory, "eval-and-dose")).Resources));

    /// <summary>tests/fixtures/appeals: claims the appeal must argue, outside the demo practice the sandbox serves.</summary>
    public static string FixturesDirectory => Path.Combine(FhirFixtures.RepositoryRoot, "tests", "fixtures", "appeals");

    public static AppealService Service(TimeProvider clock, RuleBook? rules = null, AppealOptions? options = null)
    {
        var book = rules ?? Rules;
        return new AppealService(Content, book, new DenialDetector(Causes), new DenialDeadlines(book.Payers, clock),
            new DenialTriage(Causes, new DenialOptions()), options ?? new AppealOptions(), clock);
    }

    public static ClaimContext DemoContext(string claimId) => new ClaimContextBuilder().Build(Demo.Value, claimId)!;

    /// <summary>Grace Hall's 2026-05-12 Medicare visit: 99213-25 denied CO-50, J3301 × 4 denied CO-151 (tests/fixtures/appeals/eval-and-dose).</summary>
    public static ClaimContext GraceContext() => new ClaimContextBuilder().Build(EvalAndDose.Value, "claim-grace-visit")!;
}
