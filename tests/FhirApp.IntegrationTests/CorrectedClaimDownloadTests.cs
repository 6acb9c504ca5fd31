using System.Net;
using FhirApp.Core.Claims.Fhir;
using FhirApp.Core.Data;
using FhirApp.Core.Scrubbing.Corrections.X12;
using FhirApp.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace FhirApp.IntegrationTests;

/// <summary>A practice with clearinghouse settings for claim files (smart-config claimSubmission), in its own database.</summary>
public sealed class CorrectedClaimEnvironment : AppEnvironment
{
    protected override IReadOnlyDictionary<string, object> RegistrationExtras => new Dictionary<string, object>
    {
        ["claimSubmission"] = new
        {
            submitterName = "RIVERSIDE ORTHOPEDICS BILLING", submitterId = "RIV001", contactName = "BILLING OFFICE", contactPhone = "5095550140",
            receiverName = "DEMO CLEARINGHOUSE", receiverId = "CLEAR01", interchangeSenderId = "RIVERSIDEORTHO", interchangeReceiverId = "CLEARINGHOUSE",
            billingProviderZip = "992013407",
        },
    };
}

/// <summary>
/// <c>/l/{launch}/claims/{id}/corrected.837</c>: the accepted draft of a claim as an 837P replacement or void, for the
/// launch that may see the claim only, audited; read back by our own 837P reader.
/// </summary>
public sealed class CorrectedClaimDownloadTests(CorrectedClaimEnvironment env) : IClassFixture<CorrectedClaimEnvironment>
{
    private const string ClaimId = "claim-robert-coverage-ended";

    [Fact]
    public async Task GivenAnAcceptedDraft_WhenDownloaded_ThenAValidReplacementOrVoidOfThatDraftComesWithTheOriginalClaimNumber()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-robert-king");
        var none = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/{ClaimId}/corrected.837");
        await AcceptDraftAsync(launchId);

        var replacement = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/{ClaimId}/corrected.837");
        var voided = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/{ClaimId}/corrected.837?frequency=void");

        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await none.Content.ReadAsStringAsync()).ShouldBe("No fix has been accepted for this claim, so there is no corrected claim to download.");
        replacement.StatusCode.ShouldBe(HttpStatusCode.OK);
        replacement.Content.Headers.ContentDisposition!.FileName.ShouldNotBeNull().ShouldEndWith(".837");
        var read = Claim837PValidator.Validate(await replacement.Content.ReadAsStringAsync());
        read.IsValid.ShouldBeTrue(string.Join("; ", read.Issues));
        var claim = read.Claims.ShouldHaveSingleItem();
        (claim.Frequency, claim.PayerClaimNumber, claim.PatientControlNumber).ShouldBe(("7", "PCN-ROBERT-COVERAGE-ENDED", "RO-ROBERT-COVERAGE-ENDED"));
        claim.Lines.Select(l => l.Modifiers.Count).ShouldBe([0, 2], "the draft's change (a second modifier on line 2) is in the file");
        var read8 = Claim837PValidator.Validate(await voided.Content.ReadAsStringAsync());
        read8.IsValid.ShouldBeTrue();
        read8.Claims[0].Frequency.ShouldBe("8");

        // Audited: an 837P made of the claim (beside the read of the claim itself).
        await using var scope = env.AppServices.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.LaunchId == launchId && a.Purpose == "corrected-claim-837").ToListAsync();
        audit.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task GivenALaunchForAnotherPatient_WhenItAsksForTheFile_ThenForbiddenAndNothingOfTheClaimIsSent()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-maria-lopez");

        var response = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/claims/{ClaimId}/corrected.837");
        using var stranger = AppEnvironment.NewBrowser(out _);
        var noSession = await stranger.GetAsync($"{env.AppUrl}/l/{launchId}/claims/{ClaimId}/corrected.837");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("ISA");
        noSession.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>A fix accepted for the claim: its draft (status draft) adds modifier 59 to line 2, as the corrections log stores it.</summary>
    private async Task AcceptDraftAsync(string launchId)
    {
        var claim = FhirResourceReader.ReadDirectory(Path.Combine(RepoPaths.Fixtures, "demo")).Resources.OfType<Claim>().Single(c => c.Id == ClaimId);
        var draft = (Claim)claim.DeepCopy();
        draft.Status = FinancialResourceStatusCodes.Draft;
        draft.Item[1].Modifier.Add(new CodeableConcept("http://www.ama-assn.org/go/cpt", "59"));
        await using var scope = env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ClaimCorrections.Add(new ClaimCorrection
        {
            Tenant = "sandbox", ClaimId = ClaimId, RuleId = "test.fix", Why = "test", ChangesJson = "[]",
            DraftJson = draft.ToJson(), AcceptedBy = AppEnvironment.OwnerUser, LaunchId = launchId, AcceptedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
