using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Documentation;
using FhirApp.Web.Claims;
using FhirApp.Web.Fhir;
using FhirApp.Web.Smart;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace FhirApp.Web.Documentation;

/// <summary>
/// Addendum requests on the EHR: a biller asks the rendering clinician (a Task), the clinician answers from the chart
/// (an appending DocumentReference, the Task completed). The EHR holds both; FhirApp keeps no copy. Only the Task's
/// owner may answer it, and only in a launch whose patient the Task is for.
/// </summary>
public sealed class AddendumTasks(EhrPatientReader reader, EhrWriter writer, PatientClaimsService claims, AppealOptions options, TimeProvider clock)
{
    /// <summary>Task statuses of a request still waiting for its answer.</summary>
    public const string OpenStatuses = "requested,received,accepted,ready,in-progress";

    public async Task<IReadOnlyList<AddendumRequest>> ForClaimAsync(LaunchContext launch, string claimId, CancellationToken ct) =>
        launch.Allows("Task", 's')
            ? Read(await reader.SearchAsync<FhirTask>(launch, [("focus", "Claim/" + claimId), .. PatientFilter(launch)], ct))
            : [];

    /// <summary>The launch user's open requests among the Tasks a patient launch read with the record.</summary>
    public static IReadOnlyList<AddendumRequest> OpenForUser(LaunchContext launch, IEnumerable<Resource> resources) =>
        launch.FhirUser?.ToString() is { } user
            ? Read(resources.OfType<FhirTask>()).Where(r => r.IsOpen && r.Owner == user).ToList()
            : [];

    public async Task<AddendumRequest> RequestAsync(LaunchContext launch, ClaimContext context, ClaimDetail detail, Criterion criterion, int line, CancellationToken ct)
    {
        if (!launch.Allows("Task", 'c'))
        {
            throw new InvalidOperationException("The EHR did not grant FhirApp permission to create tasks in this launch.");
        }

        var task = AddendumRequests.NewTask(context, detail, criterion, line, launch.FhirUser?.ToString(), clock.GetUtcNow());
        var created = await writer.CreateAsync(launch, task, "addendum-request", ct);
        return AddendumRequests.Read(created) ?? throw new InvalidOperationException("The EHR changed the task it created.");
    }

    /// <summary>The request, and the note an answer appends to (null when the claim had none or it cannot be read).</summary>
    public async Task<(AddendumRequest Request, DocumentReference? Note)?> GetAsync(LaunchContext launch, string taskId, CancellationToken ct)
    {
        if (await ReadTaskAsync(launch, taskId, ct) is not { } task || AddendumRequests.Read(task) is not { } request)
        {
            return null;
        }

        return (request, await ReadNoteAsync(launch, request, task, ct));
    }

    /// <summary>The request's note, only when it is about the request's own patient (the launch patient in a patient launch).</summary>
    private async Task<DocumentReference?> ReadNoteAsync(LaunchContext launch, AddendumRequest request, FhirTask task, CancellationToken ct) =>
        request.Note is { } reference && reference.StartsWith("DocumentReference/", StringComparison.Ordinal)
            && await reader.ReadAsync(launch, "DocumentReference", reference["DocumentReference/".Length..], ct) is DocumentReference note
            && LaunchPatientFilter.Belongs(launch, note)
            && launch.PatientIdOf(note.Subject?.Reference) is { } notePatient && notePatient == launch.PatientIdOf(task.For?.Reference)
                ? note
                : null;

    /// <summary>The late-entry warning for a request about a service on <paramref name="serviceDate"/>, or null when an addendum now is timely.</summary>
    public string? LateEntryWarning(DateOnly? serviceDate) =>
        AddendumRequests.LateEntryWarning(serviceDate, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), options.LateEntryDays);

    /// <summary>True when this launch's user is the clinician the request asks.</summary>
    public static bool MayAnswer(LaunchContext launch, AddendumRequest request) =>
        request.IsOpen && launch.FhirUser?.ToString() is { } user && user == request.Owner && launch.Allows("DocumentReference", 'c') && launch.Allows("Task", 'u');

    /// <summary>Writes the addendum, completes the Task, and drops the launch's cached claims so findings and scores update.</summary>
    public async Task<string> AnswerAsync(LaunchContext launch, string taskId, string answer, CancellationToken ct)
    {
        var task = await ReadTaskAsync(launch, taskId, ct) ?? throw new InvalidOperationException("The request is not in the EHR any more.");
        var request = AddendumRequests.Read(task) ?? throw new InvalidOperationException("This task is not a documentation request.");
        if (!MayAnswer(launch, request))
        {
            throw new InvalidOperationException(request.IsOpen
                ? "Only the clinician the request names can answer it, from their own launch."
                : "This request was already answered or closed.");
        }

        var now = clock.GetUtcNow();
        var addendum = AddendumRequests.Addendum(request, await ReadNoteAsync(launch, request, task, ct), answer, launch.FhirUser!.ToString(), now, options.LateEntryDays);
        var written = await writer.CreateAsync(launch, addendum, "addendum-answer", ct);
        var reference = "DocumentReference/" + written.Id;
        AddendumRequests.Complete(task, reference, now);
        await writer.UpdateAsync(launch, task, "addendum-answer", ct);
        claims.Forget(launch);
        return reference;
    }

    private async Task<FhirTask?> ReadTaskAsync(LaunchContext launch, string taskId, CancellationToken ct)
    {
        FhirTask? task;
        try
        {
            task = await reader.ReadAsync(launch, "Task", taskId, ct) as FhirTask;
        }
        catch (Hl7.Fhir.Rest.FhirOperationException ex) when (ex.Status == System.Net.HttpStatusCode.Forbidden)
        {
            return null; // outside what this launch may see: the same answer as a Task that does not exist
        }

        // A patient launch sees its own patient's requests only, whatever the EHR would return.
        return task is not null && (launch.IsPracticeLaunch || launch.PatientIdOf(task.For?.Reference) == launch.PatientId) ? task : null;
    }

    private static IEnumerable<(string, string)> PatientFilter(LaunchContext launch) =>
        launch.PatientId is { } patient ? [("patient", "Patient/" + patient)] : [];

    private static List<AddendumRequest> Read(IEnumerable<FhirTask> tasks) =>
        tasks.Select(AddendumRequests.Read).OfType<AddendumRequest>().OrderByDescending(r => r.AuthoredOn).ToList();
}
