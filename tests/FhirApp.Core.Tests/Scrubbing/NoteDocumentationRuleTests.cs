using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Rules;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FhirApp.Core.Tests.Scrubbing;

public sealed class NoteDocumentationRuleTests
{
    [Theory]
    [InlineData("Session 10:02-10:58.", 56)]
    [InlineData("Time: 2:00 pm to 2:55 pm", 55)]
    [InlineData("Start time: 14:02. Patient engaged. Stop time: 15:00", 58)]
    [InlineData("Session began at 9:05 AM and ended at 10:00 AM", 55)]
    [InlineData("12:30 - 1:25", 55)] // afternoon without am/pm
    [InlineData("Session 10:00-10:52", 52)] // boundary case for 90837 (checked by the rule)
    [InlineData("Signed 2026-03-03 16:10.", null)] // a timestamp is not a session
    [InlineData("60 minute session.", null)] // a duration without times is not enough for 90837
    [InlineData("08:00 - 17:30 clinic hours", null)] // longer than any session
    public void GivenNoteText_WhenLookingForSessionTimes_ThenFindsStatedStartAndEnd(string text, int? minutes)
    {
        ((int?)NoteEvidence.FindSessionTimes(text)?.Minutes).ShouldBe(minutes);
    }

    [Theory]
    [InlineData("Chondroplasty performed in the lateral compartment, a separate compartment from the meniscectomy.", true)]
    [InlineData("Lesion excised through a separate incision.", true)]
    [InlineData("Injection given at a different anatomic site (left shoulder).", true)]
    [InlineData("Both procedures in the medial compartment. Lateral compartment without significant pathology.", false)]
    [InlineData("No separate incision was made.", false)] // negated
    public void GivenNoteText_WhenLookingForADistinctSiteOrSession_ThenOnlyAnExplicitStatementCounts(string text, bool found)
    {
        NoteEvidence.HasDistinctSiteOrSession(text).ShouldBe(found);
    }

    [Theory]
    [InlineData("Separately identifiable E/M: worsening osteoarthritis and medication review.", true)]
    [InlineData("Also evaluated for new-onset hypertension; started lisinopril.", true)]
    [InlineData("Knee injected. Tolerated well.", false)]
    public void GivenNoteText_WhenLookingForASeparateProblem_ThenFindsIt(string text, bool found)
    {
        NoteEvidence.HasSeparateProblem(text).ShouldBe(found);
    }

    [Theory]
    [InlineData("Completed 6 weeks of physical therapy; pain not improved.", true, true)]
    [InlineData("Naproxen for 4 months with partial relief.", true, true)]
    [InlineData("Symptomatic despite physical therapy and NSAIDs.", true, false)] // failure without duration
    [InlineData("Plan: physical therapy 2 times weekly for 6 weeks.", false, true)] // planned, not failed
    [InlineData("Pt reports pain for 3 months, failed to improve.", false, false)] // "Pt" is the patient, not physical therapy
    public void GivenNoteText_WhenLookingForFailedConservativeTherapy_ThenNeedsTherapyFailureAndDuration(string text, bool failed, bool duration)
    {
        NoteEvidence.HasFailedConservativeTherapy(text).ShouldBe(failed);
        NoteEvidence.HasConservativeTherapyDuration(text).ShouldBe(duration);
    }

    [Theory]
    [InlineData("ASA physical status III (severe systemic disease).", true, 3)]
    [InlineData("Hemoglobin A1c 9.2% (2026-02-26).", true, null)]
    [InlineData("Chronic kidney disease stage 3a.", true, null)]
    [InlineData("Healthy, no diabetes, ASA II.", false, 2)]
    public void GivenNoteText_WhenLookingForComorbidity_ThenFindsClassConditionsOrValues(string text, bool found, int? asa)
    {
        NoteEvidence.HasComorbidity(text).ShouldBe(found);
        NoteEvidence.AsaClass(text).ShouldBe(asa);
    }

    /// <summary>One line billed with one note; empty expected = no finding.</summary>
    [Theory]
    [InlineData("90837", "", "Session 10:02-10:58. CBT.", "")]
    [InlineData("90837", "", "Session 10:00-10:53. CBT.", "")] // 53 minutes: the threshold
    [InlineData("90837", "", "Session 10:00-10:52. CBT.", "documentation.session-too-short")]
    [InlineData("90837", "", "CBT, 60 minutes.", "documentation.session-times")]
    [InlineData("90837", "", null, "documentation.session-times")] // no note at all
    [InlineData("90834", "", "CBT.", "")] // only 90837 needs times by default
    [InlineData("29877", "59", "Chondroplasty of the lateral compartment, a separate compartment from the medial meniscectomy.", "")]
    [InlineData("29877", "59", "Chondroplasty of the medial femoral condyle.", "documentation.distinct-service")]
    [InlineData("29877", "XS", "Chondroplasty of the medial femoral condyle.", "documentation.distinct-service")]
    [InlineData("99213", "25", "Separately identifiable E/M for worsening knee pain.", "")]
    [InlineData("99213", "25", "Injection as planned.", "documentation.separate-problem")]
    [InlineData("01402", "P3", "ASA III: insulin-treated diabetes, A1c 9.2%.", "")]
    [InlineData("01402", "P3", "Healthy adult, ASA II.", "documentation.physical-status")]
    [InlineData("01402", "P4", "ASA III: insulin-treated diabetes.", "documentation.physical-status")] // class lower than billed
    [InlineData("01402", "P2", "Healthy adult.", "")]
    [InlineData("20610", "", "Failed 6 weeks of physical therapy; no improvement.", "")] // payer list: conservative therapy
    [InlineData("20610", "", "Knee pain. Injected.", "documentation.conservative-therapy")]
    [InlineData("20610", "", "Knee pain despite physical therapy.", "documentation.conservative-therapy-duration")]
    [InlineData("20605", "", "Knee pain. Injected.", "")] // not on the payer's list
    public void GivenLineAndNote_WhenEvaluated_ThenNamesExactlyWhatIsMissing(string code, string modifier, string? note, string expected)
    {
        var claim = new ClaimLevelRuleClaims().Line(code, 1, "11", modifier.Length == 0 ? [] : [modifier]);
        if (note is not null)
        {
            claim.Note(note);
        }

        var findings = claim.Run<NoteDocumentationRule>();

        findings.Select(f => f.RuleId).ShouldBe(expected.Length == 0 ? [] : [expected]);
        findings.ShouldAllBe(f => f.Category == FindingCategory.Documentation && f.LineSequence == 1 && f.PredictedCarc != null
            && f.Severity == (code == "90837" ? FindingSeverity.Hold : FindingSeverity.Review));
    }

    [Fact]
    public void GivenNoteWithoutTimes_WhenEvaluated_ThenTheMessageNamesTheDateTheElementAndTheCode()
    {
        var finding = new ClaimLevelRuleClaims().Line("90837").Note("CBT; homework assigned.").Run<NoteDocumentationRule>().ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("The note for 2026-10-02 does not state the session's start and end times required for 90837.");
        finding.Source.ShouldBe(StandardSources.PsychotherapyTime);
    }

    [Fact]
    public void GivenPayerListingConservativeTherapy_WhenItIsMissing_ThenThePayerClauseIsTheSource()
    {
        var finding = new ClaimLevelRuleClaims().Line("20610").Note("Injected.").Run<NoteDocumentationRule>().ShouldHaveSingleItem();

        finding.Source.ToString().ShouldBe("Test Health Plan manual (test) v2026-test, policy J-1 joint injections");
    }

    [Theory]
    [InlineData("Session start time: 14:02", "Session end time: 14:58", 0)]
    [InlineData("Cognitive behavioral therapy.", "Homework assigned.", 1)]
    public void GivenPdfNote_WhenEvaluated_ThenItsTextIsRead(string firstLine, string secondLine, int findings)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.Letter);
        page.AddText(firstLine, 11, new PdfPoint(40, 700), font);
        page.AddText(secondLine, 11, new PdfPoint(40, 680), font);

        var claim = new ClaimLevelRuleClaims().Line("90837").PdfNote(builder.Build());

        claim.Run<NoteDocumentationRule>().Count.ShouldBe(findings);
    }

    [Fact]
    public void GivenNoteByUrlOnly_WhenEvaluated_ThenTheFindingSaysItWasNotRead()
    {
        var claim = new ClaimLevelRuleClaims().Line("90837").Add(new Hl7.Fhir.Model.DocumentReference
        {
            Id = "doc-url",
            Status = Hl7.Fhir.Model.DocumentReferenceStatus.Current,
            Subject = new Hl7.Fhir.Model.ResourceReference("Patient/p-test"),
            Date = new DateTimeOffset(2026, 10, 2, 12, 0, 0, TimeSpan.Zero),
            Content = [new() { Attachment = new Hl7.Fhir.Model.Attachment { ContentType = "application/pdf", Url = "https://ehr.example/doc/1" } }],
        });

        var finding = claim.Run<NoteDocumentationRule>().ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("No readable note for 2026-10-02 is linked to the claim");
        finding.Trigger.ShouldContain("notes not read (no inline text or PDF text) = 1");
    }
}
