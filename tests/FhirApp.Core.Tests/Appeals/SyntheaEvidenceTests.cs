using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Documentation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;

namespace FhirApp.Core.Tests.Appeals;

/// <summary>
/// Evidence extraction on real Synthea notes (tests/samples/fhir-samples/synthea): their templated text names diagnoses,
/// medications and procedures, never symptoms, durations, failure of therapy or imaging findings. Extraction must find
/// none of those in them (no evidence from a diagnosis name or a prescription), and the packet must say so rather than
/// argue: with no one to ask (the claim names no clinician), no letter, and the decision says why.
/// </summary>
public sealed class SyntheaEvidenceTests
{
    /// <summary>A 20610 claim for M17.11 on the note's date, for the note's patient, denied CO-50, added to the Synthea bundle.</summary>
    private static AppealPacket PacketFor(string bundle, string noteId)
    {
        var read = FhirResourceReader.ReadFile(Path.Combine(FhirFixtures.SharedSamplesDirectory, "synthea", bundle));
        var note = read.Resources.OfType<DocumentReference>().Single(d => d.Id == noteId);
        var patient = read.Resources.OfType<Patient>().Single();
        var date = DateOnly.FromDateTime(note.Date!.Value.UtcDateTime);
        var claim = new Claim
        {
            Id = "claim-synthea-20610",
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/" + patient.Id),
            Created = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Diagnosis = [new Claim.DiagnosisComponent { Sequence = 1, Diagnosis = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "M17.11") }],
            Item =
            [
                new Claim.ItemComponent
                {
                    Sequence = 1,
                    DiagnosisSequence = [1],
                    ProductOrService = new CodeableConcept("http://www.ama-assn.org/go/cpt", "20610"),
                    Serviced = new Date(date.Year, date.Month, date.Day),
                },
            ],
        };
        var denial = new ClaimResponse
        {
            Id = "cr-synthea-20610",
            Status = FinancialResourceStatusCodes.Active,
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference("Patient/" + patient.Id),
            Created = date.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Request = new ResourceReference("Claim/" + claim.Id),
            Outcome = ClaimProcessingCodes.Complete,
            Item =
            [
                new ClaimResponse.ItemComponent
                {
                    ItemSequence = 1,
                    Adjudication =
                    [
                        new ClaimResponse.AdjudicationComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "submitted"), Amount = new Money { Value = 250, Currency = Money.Currencies.USD } },
                        new ClaimResponse.AdjudicationComponent
                        {
                            Category = new CodeableConcept("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator", "denialreason"),
                            Reason = new CodeableConcept { Coding = [new Coding("https://x12.org/codes/claim-adjustment-group-codes", "CO"), new Coding("https://x12.org/codes/claim-adjustment-reason-codes", "50")] },
                            Amount = new Money { Value = 250, Currency = Money.Currencies.USD },
                        },
                        new ClaimResponse.AdjudicationComponent { Category = new CodeableConcept("http://terminology.hl7.org/CodeSystem/adjudication", "benefit"), Amount = new Money { Value = 0, Currency = Money.Currencies.USD } },
                    ],
                },
            ],
        };
        var context = new ClaimContextBuilder().Build(PatientRecord.Create([.. read.Resources, claim, denial]), claim.Id)!;
        context.Notes.ShouldContain(n => n.Id == noteId);
        return AppealTestKit.Service(new FakeTimeProvider(date.AddDays(15).ToDateTime(new TimeOnly(9, 0)))).Build(context);
    }

    private static List<string> Found(AppealPacket packet) =>
        packet.Evidence.Lines.SelectMany(l => l.Sets).SelectMany(s => s.Criteria).Where(c => c.Found && c.Criterion.IsQuote).Select(c => c.Criterion.Id).ToList();

    [Fact]
    public void GivenSyntheaKneeOsteoarthritisVisit_WhenExtracted_ThenTheDiagnosisAndNaproxenAreNotEvidenceOfSymptomsOrFailedTherapy()
    {
        // "Patient is presenting with osteoarthritis of knee (disorder)." and "naproxen sodium 220 mg oral tablet" prescribed.
        var packet = PacketFor("ny_89153a23-28c4-2e1f-bebe-9d4e29159f36.json", "43039c84-291b-c492-2c96-54b4a9a4d084");

        packet.Evidence.Lines.ShouldHaveSingleItem().Primary.Set.Id.ShouldBe("knee-injection-oa");
        Found(packet).ShouldBeEmpty();
        packet.Evidence.Missing.Select(m => m.Criterion.Id).ShouldBe(["symptoms", "duration", "failed-conservative-therapy", "conservative-therapy-duration", "imaging"]);
        var decision = packet.Decisions.ShouldHaveSingleItem();
        decision.Action.ShouldBe(FhirApp.Core.Denials.DenialRoute.WriteOff);
        decision.Why.ShouldContain("shows none of what the payer needs");
        packet.Letter.ShouldBeNull("never a letter without an argument");
    }

    [Fact]
    public void GivenSyntheaKneeInjuryVisitWithPhysicalTherapyOrdered_WhenExtracted_ThenTherapyDoneIsNotTherapyFailed()
    {
        // "physical therapy procedure (regime/therapy)" among the procedures, naproxen among the medications: therapy
        // given, not therapy that failed.
        var packet = PacketFor("ny_e95b491e-b64b-46cb-b3fb-8ea02ed76814.json", "724db502-dc74-49ae-e7e7-a617d71be865");

        Found(packet).ShouldNotContain("failed-conservative-therapy");
        Found(packet).ShouldNotContain("imaging");
        packet.Unbacked.ShouldBeEmpty();
        (packet.Letter is null || packet.Letter.Arguments.All(a => a.Points.Count > 0)).ShouldBeTrue();
    }
}
