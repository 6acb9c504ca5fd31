using FhirApp.Core.Claims;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace FhirApp.Core.Tests.Claims.Fhir;

/// <summary>The reader and the claim mapping against every file in tests/samples/fhir-samples (real-world shapes).</summary>
public sealed class SharedSamplesTests(SharedSamplesFixture samples, ITestOutputHelper output) : IClassFixture<SharedSamplesFixture>
{
    // Sample files that are FHIR but not usable as given: each must come back as one skipped issue naming the path.
    private static readonly Dictionary<string, string> KnownUnusable = new(StringComparer.Ordinal)
    {
        ["carin/inferno_carin_test_kit/c4bb_patient_example.json"] = "Patient.address[0].period",
        ["carin/inferno_carin_test_kit/c4bb_patient_error_example.json"] = "Patient.deceased",
    };

    private static readonly string[] NotFhirMessages = ["not a FHIR JSON file", "not FHIR JSON", "unknown FHIR R4 resource type"];

    [Fact]
    public void GivenEverySharedSample_WhenReadFile_ThenNothingThrowsAndEveryFhirFileYieldsResources()
    {
        var fhirFiles = samples.Results.Keys.Where(IsFhirJson).ToList();
        var empty = fhirFiles.Where(f => samples.Results[f].Resources.Count == 0 && !KnownUnusable.ContainsKey(samples.Relative(f))).Select(samples.Relative).ToList();
        var resources = fhirFiles.Sum(f => samples.Results[f].Resources.Count);
        var skipped = samples.Results.Values.Sum(r => r.Issues.Count(i => i.Skipped));
        var lenient = samples.Results.Values.Sum(r => r.Issues.Count(i => !i.Skipped));
        var figures = $"{samples.Results.Count + samples.Exceptions.Count} files: {fhirFiles.Count} FHIR JSON files gave {resources} resources; "
            + $"{samples.Results.Count - fhirFiles.Count} other files; {skipped} skipped and {lenient} lenient issues";
        output.WriteLine(figures);

        samples.Exceptions.Keys.Select(samples.Relative).ShouldBeEmpty($"{figures}. Threw: {string.Join(", ", samples.Exceptions.Select(e => $"{samples.Relative(e.Key)} ({e.Value.GetType().Name})"))}");
        empty.ShouldBeEmpty($"{figures}. FHIR files without resources: {string.Join(", ", empty)}");
        resources.ShouldBeGreaterThan(8_000, figures);
        foreach (var (file, path) in KnownUnusable)
        {
            samples.Read(file).Issues.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
                i => i.Skipped.ShouldBeTrue(),
                i => i.ResourceType.ShouldBe("Patient"),
                i => i.Message.ShouldContain(path));
        }
    }

    [Fact]
    public void GivenNotFhirFolderCsvAndTxtFiles_WhenReadFile_ThenEachGivesOneClearIssueAndNoResources()
    {
        var notFhir = samples.Results.Keys.Where(f => !IsFhirJson(f)).ToList();

        notFhir.Count.ShouldBeGreaterThanOrEqualTo(30, $"{notFhir.Count} non-FHIR files");
        var unclear = notFhir
            .Where(f => samples.Results[f] is not { Resources.Count: 0, Issues: [{ Skipped: true } issue] } || !NotFhirMessages.Any(issue.Message.StartsWith))
            .Select(samples.Relative)
            .ToList();
        unclear.ShouldBeEmpty($"{unclear.Count} of {notFhir.Count} non-FHIR files without exactly one clear issue: {string.Join(", ", unclear)}");
    }

    [Fact]
    public void GivenSyntheaBundles_WhenContextsAreBuilt_ThenEveryClaimHasItsEobAndNotesAreLinked()
    {
        var patientFiles = samples.Results.Keys
            .Where(f => samples.Relative(f).StartsWith("synthea/", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal) && !f.Contains("Information", StringComparison.Ordinal))
            .ToList();
        var builder = new ClaimContextBuilder();
        int claims = 0, eobs = 0, withNotes = 0, notes = 0, withRendering = 0;
        foreach (var file in patientFiles)
        {
            // Practitioners and organizations live in the state's *Information* bundles (conditional references).
            var state = Path.GetFileName(file)[..2];
            var information = samples.Results.Keys.Where(f => Path.GetFileName(f).StartsWith(state, StringComparison.Ordinal) && f.Contains("Information", StringComparison.Ordinal));
            var record = PatientRecord.Create(samples.Results[file].Resources.Concat(information.SelectMany(f => samples.Results[f].Resources)));

            var contexts = builder.Build(record);
            var details = contexts.Select(ClaimDisplayMapper.ToDetail).ToList();

            contexts.Count.ShouldBe(record.OfType<Claim>().Count, $"{samples.Relative(file)}: one context per Claim, no EOB left without its Claim");
            contexts.Sum(c => c.ExplanationsOfBenefit.Count).ShouldBe(record.OfType<ExplanationOfBenefit>().Count, $"{samples.Relative(file)}: every EOB joins its Claim");
            contexts.ShouldAllBe(c => c.ExplanationsOfBenefit.Count <= 1 && c.Patient != null);
            details.ShouldAllBe(d => (d.Summary.Outcome == ClaimOutcomes.Paid || d.Summary.Outcome == ClaimOutcomes.Pending)
                && d.Summary.ServiceDate != null && d.Summary.PayerName != null);
            claims += contexts.Count;
            eobs += contexts.Sum(c => c.ExplanationsOfBenefit.Count);
            withNotes += contexts.Count(c => c.Notes.Count > 0);
            notes += record.OfType<DocumentReference>().Count;
            withRendering += details.Count(d => d.RenderingProvider?.Npi is not null);
        }

        var figures = $"{patientFiles.Count} Synthea bundles: {claims} claims, {eobs} EOBs, {notes} notes, {withNotes} claims with notes, {withRendering} with a rendering NPI";
        output.WriteLine(figures);
        claims.ShouldBeGreaterThan(300, figures);
        notes.ShouldBeGreaterThan(300, figures);
        withNotes.ShouldBeGreaterThan(claims / 2, figures);
        withRendering.ShouldBeGreaterThan(claims / 2, figures);
    }

    [Fact]
    public void GivenEachSampleFolderAsOneRecord_WhenEveryContextIsDetailed_ThenNothingThrows()
    {
        var builder = new ClaimContextBuilder();
        var failures = new List<string>();
        int folders = 0, contexts = 0, eobOnly = 0, denied = 0;
        foreach (var folder in samples.Results.Keys.GroupBy(Path.GetDirectoryName))
        {
            folders++;
            var record = PatientRecord.Create(folder.SelectMany(f => samples.Results[f].Resources));
            foreach (var context in builder.Build(record))
            {
                contexts++;
                try
                {
                    var detail = ClaimDisplayMapper.ToDetail(context);
                    eobOnly += context.Claim is null ? 1 : 0;
                    denied += ClaimOutcomes.IsDenial(detail.Summary.Outcome) ? 1 : 0;
                }
                catch (Exception ex)
                {
                    failures.Add($"{samples.Relative(folder.Key!)} {context.Key}: {ex.GetType().Name}");
                }
            }
        }

        var figures = $"{folders} folders: {contexts} claim contexts ({eobOnly} from EOBs alone), {denied} denied or partially denied";
        output.WriteLine(figures);
        failures.ShouldBeEmpty(figures);
        contexts.ShouldBeGreaterThan(450, figures);
        eobOnly.ShouldBeGreaterThan(0, figures);
    }

    [Fact]
    public void GivenCarinPatient888Bundle_WhenSummarized_ThenEobsWithoutClaimsShowTheirCarcs()
    {
        var summaries = Summaries("carin/inferno_reference_server/carin_bundle_patient_888.json");

        summaries.Select(s => s.Id).ShouldBe(["c4bb-EOBInpatient", "c4bb-EOBOutpatient", "c4bb-EOBOral", "c4bb-EOBPharmacy", "c4bb-EOBProfessional"]);
        summaries.ShouldAllBe(s => s.ResourceType == "ExplanationOfBenefit" && s.PatientId == "888");
        summaries.Single(s => s.Id == "c4bb-EOBProfessional").ReasonCodes.ShouldBe(["21"]);
        summaries.Single(s => s.Id == "c4bb-EOBPharmacy").ReasonCodes.ShouldBe(["62"]);
    }

    [Theory]
    [InlineData("bluebutton/bfd_idr_v3_examples/ExplanationOfBenefit-Outpatient.json", "PR-B7")]
    [InlineData("bluebutton/bfd_idr_v3_examples/ExplanationOfBenefit-HHA.json", "PR-B7")]
    [InlineData("bluebutton/bfd_v2_endpoint_responses/eobReadOutpatient.json", "CO-120")]
    [InlineData("bluebutton/bfd_v2_endpoint_responses/eobReadHha.json", "CO-120")]
    public void GivenBlueButtonEobWithDenialReasons_WhenSummarized_ThenCarcWithGroupCode(string file, string expected)
    {
        var summary = Summaries(file).ShouldHaveSingleItem();

        summary.DenialReasonCodes.ShouldContain(expected);
    }

    [Fact]
    public void GivenCoreRejectedClaimResponse_WhenSummarizedWithItsClaim_ThenOutcomeIsError()
    {
        var record = PatientRecord.Create(samples.Read("core/Claim-100156.json").Resources.Concat(samples.Read("core/ClaimResponse-R3501.json").Resources));

        var summary = ClaimDisplayMapper.ToSummary(new ClaimContextBuilder().Build(record).ShouldHaveSingleItem());

        summary.Outcome.ShouldBe(ClaimOutcomes.Error);
        summary.AdjudicationSource.ShouldBe("ClaimResponse/R3501");
        summary.ReasonText.ShouldBe("Claim could not be processed");
    }

    private List<ClaimSummary> Summaries(string file) =>
        new ClaimContextBuilder().Build(PatientRecord.Create(samples.Read(file).Resources)).Select(ClaimDisplayMapper.ToSummary).ToList();

    private bool IsFhirJson(string file) =>
        file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !samples.Relative(file).Contains("_NOT_FHIR/", StringComparison.Ordinal);
}
