using System.Text;
using System.Text.RegularExpressions;
using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Documentation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;
using FhirTask = Hl7.Fhir.Model.Task;

namespace FhirApp.Core.Tests.Documentation;

public sealed partial class AddendumRequestsTests
{
    private static readonly Lazy<PatientRecord> Record = new(() => FhirFixtures.DemoRecord());

    private static readonly AppealContent Content = AppealContent.Load();

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static Criterion Criterion(string id) => Content.Sets.SelectMany(s => s.Criteria).First(c => c.Id == id);

    private static (ClaimContext Context, ClaimDetail Detail) James()
    {
        var context = new ClaimContextBuilder().Build(Record.Value, "claim-james-90837")!;
        return (context, ClaimDisplayMapper.ToDetail(context));
    }

    [Fact]
    public void GivenJamesSessionWithoutTimes_WhenTheRequestIsBuilt_ThenATaskForDrKimAboutTheClaimWithTheExactQuestion()
    {
        var (context, detail) = James();
        var packet = FhirApp.Core.Tests.Appeals.AppealTestKit.Service(new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero))).Build(context);
        packet.Evidence.Missing.Select(m => m.Criterion.Id).ShouldBe(["session-times"]);

        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, "Practitioner/pr-susan-patel", Now);

        task.Status.ShouldBe(FhirTask.TaskStatus.Requested);
        task.Intent.ShouldBe(FhirTask.TaskIntent.Order);
        (task.Focus!.Reference, task.For!.Reference, task.Owner!.Reference, task.Requester!.Reference)
            .ShouldBe(("Claim/claim-james-90837", "Patient/p-james-carter", "Practitioner/pr-david-kim", "Practitioner/pr-susan-patel"));
        task.Description.ShouldBe("Document the start and end times of the 2026-03-03 psychotherapy session billed as 90837.");

        AddendumRequests.Read(task).ShouldBeNull(); // not yet created on the EHR: no id
        task.Id = "t-1";
        var request = AddendumRequests.Read(task).ShouldNotBeNull();
        (request.Question, request.Criterion, request.Note, request.Status, request.IsOpen)
            .ShouldBe((task.Description, "session-times", "DocumentReference/doc-james-90837-note", "requested", true));
    }

    [Fact]
    public void GivenAnAnswer_WhenWritten_ThenAnAddendumThatAppendsTheNoteAndBelongsToTheClaimAndTheTaskCompletes()
    {
        var (context, detail) = James();
        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, "Practitioner/pr-susan-patel", Now);
        task.Id = "t-1";
        var request = AddendumRequests.Read(task)!;
        var original = context.Notes.Single(n => n.Id == "doc-james-90837-note");

        var addendum = AddendumRequests.Addendum(request, original, "  Start 14:02, end 15:00.  ", "Practitioner/pr-david-kim", Now.AddDays(1));

        var relates = addendum.RelatesTo.ShouldHaveSingleItem();
        (relates.Code, relates.Target.Reference).ShouldBe((DocumentRelationshipType.Appends, "DocumentReference/doc-james-90837-note"));
        addendum.Author.ShouldHaveSingleItem().Reference.ShouldBe("Practitioner/pr-david-kim");
        addendum.Subject!.Reference.ShouldBe("Patient/p-james-carter");
        addendum.Context!.Related.Select(r => r.Reference).ShouldContain("Claim/claim-james-90837");
        addendum.Type!.Coding[0].Code.ShouldBe(original.Type!.Coding[0].Code);
        var text = Encoding.UTF8.GetString(addendum.Content[0].Attachment.Data!);
        // Written 267 days after the 2026-03-03 session: a late entry, labelled as one with the date it was written.
        text.ShouldBe("LATE ENTRY ADDENDUM, written 2026-11-25 for the service of 2026-03-03 (267 days later)\n\nStart 14:02, end 15:00.\n");
        addendum.Description.ShouldStartWith("Late entry addendum (written 2026-11-25): ");
        text.ShouldNotContain("Document the"); // the question is never part of the chart's text
        Should.Throw<ArgumentException>(() => AddendumRequests.Addendum(request, original, "   ", "Practitioner/pr-david-kim", Now));

        AddendumRequests.Complete(task, "DocumentReference/add-1", Now);
        var done = AddendumRequests.Read(task)!;
        (done.Status, done.IsOpen, done.Answer).ShouldBe(("completed", false, "DocumentReference/add-1"));

        // Once in the record, the addendum joins the claim's notes and answers the missing criterion.
        addendum.Id = "add-1";
        var withAddendum = PatientRecord.Create([.. Record.Value.Resources, addendum]);
        var after = FhirApp.Core.Tests.Appeals.AppealTestKit.Service(new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero)))
            .Build(new ClaimContextBuilder().Build(withAddendum, "claim-james-90837")!);
        after.Evidence.Missing.ShouldBeEmpty();
        after.Evidence.Lines.SelectMany(l => l.Sets).SelectMany(s => s.Criteria).Single(c => c.Criterion.Id == "session-times").Evidence[0].DocumentId.ShouldBe("add-1");
        after.Decisions.ShouldHaveSingleItem().Action.ShouldBe(FhirApp.Core.Denials.DenialRoute.Appeal);
        after.Unbacked.ShouldBeEmpty();
    }

    [Fact]
    public void GivenASessionOlderThanTheLateEntryDays_WhenAskedAndAnswered_ThenTheRequestWarnsAndOnlyTheLateAddendumIsLabelled()
    {
        var (context, detail) = James();
        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, null, Now);
        task.Id = "t-2";
        var request = AddendumRequests.Read(task)!;
        request.ServiceDate.ShouldBe(new DateOnly(2026, 3, 3), "the session's date travels with the request");

        AddendumRequests.LateEntryWarning(request.ServiceDate, new DateOnly(2026, 3, 20), lateEntryDays: 30).ShouldBeNull();
        AddendumRequests.LateEntryWarning(request.ServiceDate, new DateOnly(2026, 12, 1), lateEntryDays: 30).ShouldNotBeNull()
            .ShouldStartWith("The service was 273 days ago (2026-03-03), more than 30: an addendum now is a late entry.");
        AddendumRequests.LateEntryWarning(request.ServiceDate, new DateOnly(2026, 12, 1), lateEntryDays: 365).ShouldBeNull("the threshold is configurable");

        var timely = AddendumRequests.Addendum(request, null, "Start 14:02, end 15:00.", "Practitioner/pr-david-kim", new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero), lateEntryDays: 30);
        Encoding.UTF8.GetString(timely.Content[0].Attachment.Data!).ShouldStartWith("ADDENDUM (2026-03-20)");
        timely.Description.ShouldStartWith("Addendum: ");
    }

    [Fact]
    public void GivenAnotherTask_WhenRead_ThenNotAnAddendumRequest() =>
        AddendumRequests.Read(new FhirTask { Id = "x", Status = FhirTask.TaskStatus.Requested, Code = new CodeableConcept("http://hl7.org/fhir/CodeSystem/task-code", "fulfill") })
            .ShouldBeNull();

    /// <summary>
    /// Compliant documentation queries are neutral: every shipped question asks the clinician to document, names only
    /// the date and code it is about, and neither suggests a finding nor asks for agreement.
    /// </summary>
    [Fact]
    public void GivenTheShippedQuestions_WhenFilled_ThenEachIsNeutral()
    {
        string[] leading = ["confirm", "verify", "agree", "indicate that", "failed", "severe", "uncontrolled", "at least", "minutes", "should", "please add"];
        foreach (var criterion in Content.Sets.SelectMany(s => s.Criteria).Where(c => c.IsQuote))
        {
            var question = AddendumRequests.Question(criterion, "99999", new DateOnly(2026, 1, 2));
            question.ShouldStartWith("Document ");
            question.ShouldContain("2026-01-02");
            question.ShouldContain("99999");
            question.ShouldNotContain("{");
            leading.ShouldAllBe(word => !question.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{question}' leads the answer");
            // No figure of its own: the only digits are the date's and the code's.
            Digits().Replace(question.Replace("2026-01-02", "", StringComparison.Ordinal).Replace("99999", "", StringComparison.Ordinal), "").ShouldBe(
                question.Replace("2026-01-02", "", StringComparison.Ordinal).Replace("99999", "", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("[0-9]")]
    private static partial Regex Digits();

    [Fact]
    public void GivenARequestAndItsAnswer_WhenBuilt_ThenNeitherCarriesAnIdAndEachHasTheBusinessIdentifierARetryIsMatchedOn()
    {
        var (context, detail) = James();

        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, "Practitioner/pr-susan-patel", Now);
        task.Id.ShouldBeNull();
        var taskIdentifier = task.Identifier.ShouldHaveSingleItem();
        (taskIdentifier.System, taskIdentifier.Value).ShouldBe((FhirApp.Core.Common.FhirAppSystems.AddendumRequest, "claim-james-90837/1/session-times"));

        task.Id = "t-9";
        var addendum = AddendumRequests.Addendum(AddendumRequests.Read(task)!, null, "Start 14:02, end 15:00.", "Practitioner/pr-david-kim", Now);
        addendum.Id.ShouldBeNull();
        var addendumIdentifier = addendum.Identifier.ShouldHaveSingleItem();
        (addendumIdentifier.System, addendumIdentifier.Value).ShouldBe((FhirApp.Core.Common.FhirAppSystems.Addendum, "Task/t-9"));
    }
}
