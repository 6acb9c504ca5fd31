using System.IO.Compression;
using System.Net;
using FhirApp.Core.Appeals;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.Web.Appeals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// A launch from Maria Lopez's chart shows Maria only, on every page and endpoint under /l/{launch}/, against an EHR that
/// misbehaves: it returns other patients' records to her patient-scoped searches and grants user/ scopes beside the
/// patient/ ones. The practice's stored data (denials, call notes, letters, a documentation request) includes James
/// Carter's and Robert King's; none of it may show, and every change to their items is refused.
/// </summary>
public sealed class PatientCompartmentTests(PatientCompartmentTests.LeakyEhrEnvironment env) : IClassFixture<PatientCompartmentTests.LeakyEhrEnvironment>
{
    private const string PatientA = "p-maria-lopez";
    private const string ClaimB = "claim-james-90837";
    private const string TaskB = "task-james-leak";

    /// <summary>What of the other patients must never reach Maria's launch: names, ids, claim ids, amounts, note and letter text.</summary>
    private static readonly string[] OtherPatients =
    [
        "James", "Carter", "p-james-carter", "claim-james", "Robert", "p-robert-king", "claim-robert", "Linda", "Nguyen", "p-linda",
        "$185.00", "$1,100.00", "catastrophic thinking", "james-call-note-marker", "james-letter-marker", "james-task-marker",
    ];

    public sealed class LeakyEhrEnvironment : AppEnvironment
    {
        protected override IEnumerable<string> ExtraSandboxArgs =>
        [
            "--Sandbox:LeakOtherPatients=true",
            "--Sandbox:OverGrantUserScopes=true",
            $"--Sandbox:DataPaths:1={WriteTask(Path.Combine(TempDirectory, "tasks"))}",
        ];

        /// <summary>An open documentation request about James, owned by the practice owner who launches for Maria.</summary>
        private static string WriteTask(string directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, $"Task-{TaskB}.json"), $$$"""
                {"resourceType":"Task","id":"{{{TaskB}}}","status":"requested","intent":"order",
                 "code":{"coding":[{"system":"{{{FhirApp.Core.Documentation.AddendumRequests.TaskCodeSystem}}}","code":"{{{FhirApp.Core.Documentation.AddendumRequests.TaskCode}}}"}]},
                 "description":"james-task-marker: document the session times","focus":{"reference":"Claim/{{{ClaimB}}}"},
                 "for":{"reference":"Patient/p-james-carter"},"owner":{"reference":"{{{OwnerUser}}}"},"authoredOn":"2026-03-10T09:00:00Z",
                 "input":[{"type":{"text":"question"},"valueString":"james-task-marker: document the session times"},
                          {"type":{"text":"note"},"valueReference":{"reference":"DocumentReference/doc-james-90837-note"}}]}
                """);
            return directory;
        }
    }

    [Fact]
    public async Task GivenALaunchForMaria_WhenEveryRouteIsOpened_ThenNothingOfAnotherPatientAppearsAndPracticeViewsAskForAPracticeLaunch()
    {
        await SeedAsync();
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launch, claimsHtml) = await env.LaunchAsync(browser, PatientA);
        var context = await env.LaunchContextAsync(launch);
        context.GrantedScopes.ShouldContain(s => s.StartsWith("user/", StringComparison.Ordinal), "the misbehaving EHR granted both levels");

        claimsHtml.ShouldContain("claim-maria-20610"); // a positive control: Maria's own claims are there
        claimsHtml.ShouldContain("record(s) of other patients", Case.Insensitive); // the leak was seen and dropped
        ShouldShowNoOtherPatient(claimsHtml, "claims");

        foreach (var path in new[] { "/queue", "/denials", "/claims/claim-maria-20610", "/claims/claim-maria-20610/appeal" })
        {
            var (status, body) = await GetAsync(browser, $"/l/{launch}{path}");
            status.ShouldBe(HttpStatusCode.OK, path);
            body.ShouldContain("maria", Case.Insensitive, path);
            ShouldShowNoOtherPatient(body, path);
        }

        foreach (var path in new[] { "/dashboard", "/model", "/rules", "/jobs", "/audit" })
        {
            var (status, body) = await GetAsync(browser, $"/l/{launch}{path}");
            status.ShouldBe(HttpStatusCode.Forbidden, path);
            body.ShouldContain("id=\"needs-practice-launch\"", Case.Sensitive, path);
            ShouldShowNoOtherPatient(body, path);
        }

        foreach (var path in new[] { $"/claims/{ClaimB}", $"/claims/{ClaimB}/appeal", $"/tasks/{TaskB}", "/claims/claim-robert-pending" })
        {
            var (status, body) = await GetAsync(browser, $"/l/{launch}{path}");
            status.ShouldBeOneOf([HttpStatusCode.Forbidden, HttpStatusCode.NotFound], path); // refused, or answered as if it did not exist
            ShouldShowNoOtherPatient(body.Replace(path, "", StringComparison.Ordinal), path); // the URL itself may be echoed
        }

        var export = await browser.GetAsync($"{env.AppUrl}/l/{launch}/audit/export");
        export.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var pdf = await browser.GetAsync($"{env.AppUrl}/l/{launch}/claims/{ClaimB}/appeal.pdf");
        pdf.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var zip = await browser.GetAsync($"{env.AppUrl}/l/{launch}/appeals.zip?claim={ClaimB}&claim=claim-robert-arthroscopy");
        using (var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync()))
        {
            archive.Entries.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task GivenALaunchForMaria_WhenItChangesOtherPatientsItems_ThenEveryChangeIsRefusedAndNothingIsStored()
    {
        await SeedAsync();
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, PatientA);
        var launch = await env.LaunchContextAsync(launchId);
        var denials = env.AppServices.GetRequiredService<DenialService>();
        var all = await denials.GetQueueAsync(DenialScope.Practice(launch.Practice), includeClosed: true, CancellationToken.None);
        var theirs = all.Where(r => r.PatientId != PatientA).ToList();
        theirs.Count.ShouldBeGreaterThan(1);

        foreach (var item in theirs)
        {
            (await denials.UpdateAsync(launch.Denials, [item.Id], new DenialUpdate { Status = DenialStatus.WrittenOff, Assignee = "intruder", By = launch.Actor }, CancellationToken.None)).ShouldBe(0);
            (await denials.AddNoteAsync(launch.Denials, item.Id, new DenialCallNote(null, null, null, "intruder note"), launch.Actor, CancellationToken.None)).ShouldBeFalse();
            (await denials.GetNotesAsync(launch.Denials, item.Id, launch.Actor, CancellationToken.None)).ShouldBeEmpty();
        }
        var drafts = await env.AppServices.GetRequiredService<AppealPackets>().DraftAllAsync(launch, [ClaimB, "claim-robert-arthroscopy"], launch.Actor, CancellationToken.None);
        drafts.ShouldAllBe(d => !d.HasLetter);

        await using var scope = env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.DenialWorkItems.AnyAsync(w => w.Assignee == "intruder" || w.Status == DenialStatus.WrittenOff)).ShouldBeFalse();
        (await db.DenialWorkNotes.AnyAsync(n => n.Text == "intruder note")).ShouldBeFalse();
        (await db.Appeals.AnyAsync(a => a.ClaimId == "claim-robert-arthroscopy")).ShouldBeFalse();
    }

    private static void ShouldShowNoOtherPatient(string body, string where)
    {
        foreach (var term in OtherPatients)
        {
            body.ShouldNotContain(term, Case.Insensitive, $"{where} shows '{term}'");
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(env.AppUrl + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private readonly SemaphoreSlim _seedLock = new(1, 1);

    /// <summary>The practice's denials from the demo EOBs, a call note and a saved letter on James's denial.</summary>
    private async Task SeedAsync()
    {
        await _seedLock.WaitAsync();
        try
        {
            await using var scope = env.AppServices.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.DenialWorkItems.AnyAsync())
            {
                return;
            }
            var page = FhirApp.Core.Claims.Fhir.FhirResourceReader.ReadDirectory(Path.Combine(RepoPaths.Fixtures, "demo")).Resources
                .Where(r => r is Hl7.Fhir.Model.ExplanationOfBenefit or Hl7.Fhir.Model.ClaimResponse).ToList();
            await env.AppServices.GetRequiredService<IAdjudicationSink>().StoreAsync("sandbox", "test:fhir-fixtures/demo", page, CancellationToken.None);
            var james = await db.DenialWorkItems.FirstAsync(w => w.ClaimId == ClaimB);
            await env.AppServices.GetRequiredService<DenialService>().AddNoteAsync("sandbox", james.Id, new DenialCallNote("Rep", "REF", null, "james-call-note-marker"), "biller", CancellationToken.None);
            db.Appeals.Add(new AppealRecord
            {
                Tenant = "sandbox", ClaimId = ClaimB, PatientId = "p-james-carter", Level = "first-level appeal", Html = "<p>james-letter-marker</p>",
                Status = AppealStatus.Draft, CreatedBy = "biller", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        finally
        {
            _seedLock.Release();
        }
    }
}
