using FhirApp.Core.Appeals;
using FhirApp.Core.Tests.Appeals;
using FhirApp.Core.Audit;
using FhirApp.Core.Claims;
using FhirApp.Core.Data;
using FhirApp.Core.Documentation;
using FhirApp.Core.Scrubbing;
using FhirApp.Core.Scrubbing.Corrections;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using FhirTask = Hl7.Fhir.Model.Task;

namespace FhirApp.Core.Tests.Validation;

/// <summary>
/// Every resource the app writes, built by its own builders from the demo record, validated with Firely's validator
/// against the FHIR R4 core definitions (StructureDefinitions, invariants and required bindings from the
/// specification.zip of Hl7.Fhir.Specification.R4). An error or fatal issue fails the test; warnings are printed.
/// </summary>
public sealed class WrittenResourceValidationTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var definitions = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(definitions, new LocalTerminologyService(definitions));
    });

    private static readonly Lazy<PatientRecord> Record = new(() => FhirFixtures.DemoRecord());

    private static readonly AppealContent Content = AppealContent.Load();

    [Fact]
    public void GivenAnAddendumRequest_WhenBuiltAndWhenCompleted_ThenTheTaskValidates()
    {
        var (context, detail) = Claim("claim-james-90837");
        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, "Practitioner/pr-susan-patel", Now);
        ShouldValidate(task, "the Task as created");

        task.Id = "t-1";
        AddendumRequests.Complete(task, "DocumentReference/d-1", Now.AddHours(2));
        ShouldValidate(task, "the Task as completed (the update)");
    }

    [Fact]
    public void GivenAClinicianAnswer_WhenBuiltWithAndWithoutTheOriginalNote_ThenTheAddendumValidates()
    {
        var (context, detail) = Claim("claim-james-90837");
        var task = AddendumRequests.NewTask(context, detail, Criterion("session-times"), 1, "Practitioner/pr-susan-patel", Now);
        task.Id = "t-1";
        var request = AddendumRequests.Read(task)!;
        var original = context.Notes.Single(n => n.Id == "doc-james-90837-note");

        ShouldValidate(AddendumRequests.Addendum(request, original, "Start 14:02, end 15:00.", "Practitioner/pr-david-kim", Now), "appending to the note");
        ShouldValidate(AddendumRequests.Addendum(request, null, "Start 14:02, end 15:00.", "Practitioner/pr-david-kim", Now), "a new note");
    }

    [Theory]
    [InlineData("claim-maria-20610")]
    [InlineData("claim-grace-visit")]
    public void GivenADeniedClaim_WhenItsAppealPacketIsBuiltAndSent_ThenTheDocumentReferenceAndTheCdexParametersValidate(string claimId)
    {
        var context = claimId == "claim-grace-visit" ? AppealTestKit.GraceContext() : AppealTestKit.DemoContext(claimId);
        var appeals = AppealTestKit.Service(new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero)));
        var packet = appeals.Build(context);

        ShouldValidate(packet.Document.ShouldNotBeNull(), "the packet as built (preliminary)");
        ShouldValidate(appeals.FinalDocument(context, packet.Pdf!, "claim X"), "the packet as sent (final)");
        // Against R4 core: the Da Vinci CDex package (its cdex-parameters-submit-attachment profile) is not served here, so
        // the profile claim is taken off the copy validated; AppealServiceTests checks the profile's parameters and order.
        var parameters = (Parameters)packet.SubmitAttachment.ShouldNotBeNull().DeepCopy();
        parameters.Meta = null;
        ShouldValidate(parameters, "the CDex $submit-attachment Parameters");
    }

    [Fact]
    public void GivenFixableFindings_WhenCorrectedDraftsAreProposed_ThenEachDraftClaimValidates()
    {
        var scrubber = new ClaimScrubber(RuleBookLoader.Load(), ScrubRules.All, new FakeTimeProvider(Now));
        var context = new ClaimContextBuilder().Build(Record.Value, "claim-maria-followup").ShouldNotBeNull();

        var proposals = new ClaimCorrector(scrubber).Propose(context, scrubber.Scrub(context));

        proposals.ShouldNotBeEmpty();
        foreach (var proposal in proposals)
        {
            ShouldValidate(proposal.Draft, "the draft fixing " + proposal.Finding.RuleId);
        }
    }

    [Fact]
    public void GivenAuditEntriesOfEveryKind_WhenExported_ThenTheBundleAndEachAuditEventValidate()
    {
        AuditEntry Entry(long id, AuditAction action, string what, string? patient, string user = "Practitioner/pr-susan-patel", AuditOutcome outcome = AuditOutcome.Success) => new()
        {
            Id = id,
            Tenant = "sandbox",
            RecordedAt = Now.UtcDateTime,
            User = user,
            LaunchId = "launch-abc",
            Action = action,
            What = what,
            Patient = patient,
            Purpose = "view-claim",
            Outcome = outcome,
            ClientAddress = "10.0.0.7",
            Count = id == 1 ? 3 : 1,
        };
        AuditEntry[] entries =
        [
            Entry(1, AuditAction.Read, "Claim/claim-maria-20610", "Patient/p-maria-lopez"),
            Entry(2, AuditAction.Read, "Claim", null),
            Entry(3, AuditAction.Create, "DocumentReference/d-1", "Patient/p-maria-lopez", outcome: AuditOutcome.Denied),
            Entry(4, AuditAction.Update, "Task/t-1", "Patient/p-james-carter", outcome: AuditOutcome.Failed),
            Entry(5, AuditAction.Read, "Patient/p-maria-lopez", "Patient/p-maria-lopez"),
            Entry(6, AuditAction.Execute, "Model", null, user: "system:retraining"),
        ];

        foreach (var entry in entries)
        {
            ShouldValidate(AuditEventMapper.ToAuditEvent(entry), $"audit entry {entry.Id} ({entry.Action} {entry.What})");
        }
        ShouldValidate(AuditEventMapper.ToBundle(entries, Now), "the export Bundle");
    }

    [Fact]
    public void GivenResourcesThatBreakR4_WhenValidated_ThenTheValidatorSaysSo()
    {
        // The checks above are only worth something if the validator finds errors: a Task without its required status
        // and intent, and a collection Bundle with a total (bdl-1; the audit export had one).
        Errors(new FhirTask()).Count.ShouldBeGreaterThanOrEqualTo(2);
        Errors(new Bundle { Type = Bundle.BundleType.Collection, Total = 1 }).ShouldContain(e => e.Contains("bdl-1", StringComparison.Ordinal));
    }

    private static List<string> Errors(Resource resource) =>
        [.. R4.Value.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Details?.Text ?? i.Diagnostics} at {string.Join(", ", i.Expression)}")];

    private void ShouldValidate(Resource resource, string what)
    {
        var outcome = R4.Value.Validate(resource);
        foreach (var issue in outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Warning))
        {
            output.WriteLine($"{what}: warning {issue.Details?.Text ?? issue.Diagnostics} at {string.Join(", ", issue.Expression)}");
        }
        var errors = outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Details?.Text ?? i.Diagnostics} at {string.Join(", ", i.Expression)}")
            .ToList();
        errors.ShouldBeEmpty($"{resource.TypeName} ({what}) must validate against R4 core");
        outcome.Success.ShouldBeTrue();
    }

    private static (ClaimContext Context, ClaimDetail Detail) Claim(string claimId)
    {
        var context = new ClaimContextBuilder().Build(Record.Value, claimId).ShouldNotBeNull();
        return (context, ClaimDisplayMapper.ToDetail(context));
    }

    private static Criterion Criterion(string id) => Content.Sets.SelectMany(s => s.Criteria).First(c => c.Id == id);
}
