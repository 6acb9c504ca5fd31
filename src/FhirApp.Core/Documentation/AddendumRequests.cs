using System.Globalization;
using System.Text;
using FhirApp.Core.Claims;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Common;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace FhirApp.Core.Documentation;

/// <summary>
/// Documentation addendum requests as FHIR: a Task for the rendering clinician (focus = the Claim, for = the patient,
/// owner = the practitioner, input = the neutral question and the note to append to), the clinician's answer as a
/// DocumentReference that appends to that note (relatesTo.code = appends), and the Task completed with the answer as
/// its output. The question is the criterion's configured wording with only the date of service and code filled in:
/// compliant documentation queries never suggest an answer.
/// </summary>
public static class AddendumRequests
{
    /// <summary>FhirApp's own task code: no standard code exists for a clinician documentation query.</summary>
    public const string TaskCodeSystem = FhirAppSystems.TaskCode;

    public const string TaskCode = "documentation-addendum";

    private const string InputSystem = FhirAppSystems.TaskInput;

    public static string Question(Criterion criterion, string code, DateOnly? serviceDate)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        var template = criterion.Question ?? throw new InvalidOperationException($"Criterion '{criterion.Id}' has no question.");
        return template
            .Replace("{date}", serviceDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "billed", StringComparison.Ordinal)
            .Replace("{code}", code, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Task asking the claim's rendering clinician the criterion's question about one line. The note to append to
    /// is the claim's own note by that clinician when there is one, else its first note, else none (the answer is then a
    /// new note for the claim).
    /// </summary>
    /// <remarks><paramref name="requester"/> is the biller's fhirUser; null when the request is built offline (the CLI).</remarks>
    public static FhirTask NewTask(ClaimContext context, ClaimDetail detail, Criterion criterion, int line, string? requester, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(detail);
        var owner = detail.RenderingProvider?.Reference
            ?? throw new InvalidOperationException("The claim names no rendering clinician to ask.");
        var claimLine = detail.Lines.FirstOrDefault(l => l.Sequence == line) ?? throw new ArgumentException($"The claim has no line {line}.", nameof(line));
        var question = Question(criterion, claimLine.Code ?? "this service", claimLine.ServiceDate ?? detail.Summary.ServiceDate);
        var note = NoteToAppend(context, owner);
        var task = new FhirTask
        {
            // One question per claim line and criterion: a retry (or a second click) finds this Task instead of adding one.
            Identifier = [new Identifier(FhirAppSystems.AddendumRequest, $"{detail.Summary.Id}/{line.ToString(CultureInfo.InvariantCulture)}/{criterion.Id}")],
            Status = FhirTask.TaskStatus.Requested,
            Intent = FhirTask.TaskIntent.Order,
            Priority = RequestPriority.Routine,
            Code = new CodeableConcept(TaskCodeSystem, TaskCode, "Documentation addendum request"),
            Description = question,
            Focus = new ResourceReference("Claim/" + detail.Summary.Id),
            For = context.Patient?.Id is { } patient ? new ResourceReference("Patient/" + patient) : null,
            Owner = new ResourceReference(owner, detail.RenderingProvider?.Name),
            Requester = requester is null ? null : new ResourceReference(requester),
            AuthoredOnElement = new FhirDateTime(now),
            LastModifiedElement = new FhirDateTime(now),
            Input =
            [
                Input("question", new FhirString(question)),
                Input("criterion", new FhirString(criterion.Id)),
                Input("claim-line", new PositiveInt(line)),
            ],
        };
        if ((claimLine.ServiceDate ?? detail.Summary.ServiceDate) is { } serviceDate)
        {
            // The session's date travels with the request: an answer written long after it is a late entry.
            task.Input.Add(Input("service-date", new Date(serviceDate.Year, serviceDate.Month, serviceDate.Day)));
        }

        if (note?.Id is { } noteId)
        {
            task.Input.Add(Input("note", new ResourceReference("DocumentReference/" + noteId)));
        }

        return task;
    }

    /// <summary>Reads a FhirApp addendum Task back; null for any other Task.</summary>
    public static AddendumRequest? Read(FhirTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Id is null || task.Code?.Coding.Any(c => c.System == TaskCodeSystem && c.Code == TaskCode) != true)
        {
            return null;
        }

        return new AddendumRequest
        {
            TaskId = task.Id,
            Question = (InputValue(task, "question") as FhirString)?.Value ?? task.Description ?? "",
            Claim = task.Focus?.Reference,
            Patient = task.For?.Reference,
            Owner = task.Owner?.Reference,
            Requester = task.Requester?.Reference,
            Note = (InputValue(task, "note") as ResourceReference)?.Reference,
            Criterion = (InputValue(task, "criterion") as FhirString)?.Value,
            ServiceDate = (InputValue(task, "service-date") as Date)?.Value is { } date ? FhirValues.ToDate(date) : null,
            Status = task.Status is { } status ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(status) ?? "unknown" : "unknown",
            AuthoredOn = FhirValues.ToInstant(task.AuthoredOnElement),
            Answer = task.Output.Select(o => o.Value).OfType<ResourceReference>().FirstOrDefault()?.Reference,
        };
    }

    /// <summary>Days from the service to <paramref name="today"/> when that is more than <paramref name="lateEntryDays"/>: an addendum now is a late entry. Null otherwise.</summary>
    public static int? LateEntryAge(DateOnly? serviceDate, DateOnly today, int lateEntryDays) =>
        serviceDate is { } date && today.DayNumber - date.DayNumber is var age && age > lateEntryDays ? age : null;

    /// <summary>The warning shown with a request (to the biller who sends it and the clinician who answers) when an addendum now would be a late entry.</summary>
    public static string? LateEntryWarning(DateOnly? serviceDate, DateOnly today, int lateEntryDays) =>
        LateEntryAge(serviceDate, today, lateEntryDays) is { } age
            ? string.Create(CultureInfo.InvariantCulture,
                $"The service was {age} days ago ({serviceDate:yyyy-MM-dd}), more than {lateEntryDays}: an addendum now is a late entry. It is labelled as one, with the date it is written; document only what you recall of the service, and payers may weigh a late entry less.")
            : null;

    /// <summary>
    /// The clinician's answer as an addendum: a new DocumentReference by the clinician, dated now, that appends to the
    /// original note (same type and context, so it belongs to the same claim); the question it answers is its description.
    /// Written more than <paramref name="lateEntryDays"/> after the service, it is labelled a late entry, with the date
    /// it was written and the service's date, in its text (what the letter quotes) and its description.
    /// </summary>
    public static DocumentReference Addendum(AddendumRequest request, DocumentReference? original, string answer, string author, DateTimeOffset now, int lateEntryDays = 30)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new ArgumentException("Write the addendum before submitting it.", nameof(answer));
        }

        // The question stays in the description, not the text: evidence is read from the text, and the question's own
        // words must never count as the chart saying something.
        var written = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var late = LateEntryAge(request.ServiceDate, DateOnly.FromDateTime(now.UtcDateTime), lateEntryDays);
        var text = late is { } age
            ? string.Create(CultureInfo.InvariantCulture, $"LATE ENTRY ADDENDUM, written {written} for the service of {request.ServiceDate:yyyy-MM-dd} ({age} days later)\n\n{answer.Trim()}\n")
            : $"ADDENDUM ({written})\n\n{answer.Trim()}\n";
        var context = original?.Context is { } originalContext
            ? (DocumentReference.ContextComponent)originalContext.DeepCopy()
            : new DocumentReference.ContextComponent();
        if (request.Claim is { } claim && !context.Related.Any(r => r.Reference == claim))
        {
            context.Related.Add(new ResourceReference(claim));
        }

        var addendum = new DocumentReference
        {
            // One answer per request: a retry after the Task update failed finds this addendum instead of adding one.
            Identifier = [new Identifier(FhirAppSystems.Addendum, "Task/" + request.TaskId)],
            Status = DocumentReferenceStatus.Current,
            DocStatus = CompositionStatus.Final,
            Type = original?.Type is { } type ? (CodeableConcept)type.DeepCopy() : new CodeableConcept("http://loinc.org", "11506-3", "Progress note"),
            Category = original?.Category.Select(c => (CodeableConcept)c.DeepCopy()).ToList() ?? [],
            Subject = request.Patient is { } patient ? new ResourceReference(patient) : null,
            Date = now,
            Author = [new ResourceReference(author)],
            Description = (late is null ? "Addendum: " : $"Late entry addendum (written {written}): ") + request.Question,
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment
                    {
                        ContentType = "text/plain; charset=utf-8",
                        Data = Encoding.UTF8.GetBytes(text),
                        Title = "Addendum",
                        CreationElement = new FhirDateTime(now),
                    },
                },
            ],
            Context = context,
        };
        if (request.Note is { } note)
        {
            addendum.RelatesTo.Add(new DocumentReference.RelatesToComponent
            {
                Code = DocumentRelationshipType.Appends,
                Target = new ResourceReference(note),
            });
        }

        return addendum;
    }

    /// <summary>Marks the Task completed with the addendum as its output.</summary>
    public static void Complete(FhirTask task, string addendumReference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        task.Status = FhirTask.TaskStatus.Completed;
        task.LastModifiedElement = new FhirDateTime(now);
        task.Output.Add(new FhirTask.OutputComponent
        {
            Type = new CodeableConcept(InputSystem, "addendum", "Addendum written"),
            Value = new ResourceReference(addendumReference),
        });
    }

    private static DocumentReference? NoteToAppend(ClaimContext context, string owner)
    {
        var byOwner = context.Notes.FirstOrDefault(n => n.Author.Any(a => a.Reference == owner) && n.RelatesTo.Count == 0);
        return byOwner ?? context.Notes.FirstOrDefault(n => n.RelatesTo.Count == 0);
    }

    private static FhirTask.ParameterComponent Input(string type, DataType value) =>
        new() { Type = new CodeableConcept(InputSystem, type), Value = value };

    private static DataType? InputValue(FhirTask task, string type) =>
        task.Input.FirstOrDefault(i => i.Type?.Coding.Any(c => c.System == InputSystem && c.Code == type) == true)?.Value;
}
