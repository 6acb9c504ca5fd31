using System.Net;
using FhirApp.Core.Audit;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// Two practices behind one FHIR base (one registration): the EHR tells them apart by the token response's `tenant`, and
/// so does FhirApp. One practice's denials, audit entries and models never show in the other's launches.
/// </summary>
public sealed class SharedFhirBaseTenancyTests(SharedFhirBaseTenancyTests.TenantsEnvironment env) : IClassFixture<SharedFhirBaseTenancyTests.TenantsEnvironment>
{
    public sealed class TenantsEnvironment : AppEnvironment;

    private const string North = "sandbox:north-clinic";
    private const string South = "sandbox:south-clinic";

    [Fact]
    public async Task GivenTwoTenantsOfOneRegistration_WhenEachLaunches_ThenEachSeesOnlyItsOwnDenialsAuditAndModels()
    {
        await SeedAsync();
        using var north = AppEnvironment.NewBrowser(out _);
        using var south = AppEnvironment.NewBrowser(out _);
        var (northLaunch, _) = await LaunchPracticeAsync(north, "north-clinic");
        var (southLaunch, _) = await LaunchPracticeAsync(south, "south-clinic");

        (await env.LaunchContextAsync(northLaunch)).Practice.ShouldBe(North);
        var northQueue = await north.GetStringAsync($"{env.AppUrl}/l/{northLaunch}/denials");
        var southQueue = await south.GetStringAsync($"{env.AppUrl}/l/{southLaunch}/denials");
        northQueue.ShouldContain("claim-north-only");
        northQueue.ShouldNotContain("claim-south-only");
        southQueue.ShouldContain("claim-south-only");
        southQueue.ShouldNotContain("claim-north-only");
        (await north.GetStringAsync($"{env.AppUrl}/l/{northLaunch}/model")).ShouldNotContain("trigger south");

        var trail = env.AppServices.GetRequiredService<AuditTrail>();
        var southEntries = (await trail.QueryAsync(new AuditQuery(South) { Take = 1000 }, CancellationToken.None)).Entries;
        southEntries.ShouldNotBeEmpty();
        southEntries.ShouldAllBe(e => e.LaunchId != northLaunch);
        (await trail.QueryAsync(new AuditQuery("sandbox") { Take = 1000 }, CancellationToken.None)).Entries.ShouldAllBe(e => e.LaunchId != northLaunch && e.LaunchId != southLaunch);
    }

    private async Task<(string LaunchId, string Html)> LaunchPracticeAsync(HttpClient browser, string tenant)
    {
        var steps = await env.StartEhrLaunchAsync(browser, patientId: null, $"&tenant={tenant}");
        var launchId = await AppEnvironment.CompleteCallbackAsync(browser, steps.CallbackUrl, "/queue");
        var page = await browser.GetAsync($"{env.AppUrl}/l/{launchId}/queue");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (launchId, await page.Content.ReadAsStringAsync());
    }

    private async Task SeedAsync()
    {
        await using var scope = env.AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.DenialWorkItems.AnyAsync())
        {
            return;
        }
        var now = DateTime.UtcNow;
        foreach (var (tenant, marker) in new[] { (North, "north"), (South, "south") })
        {
            db.DenialWorkItems.Add(new DenialWorkItem
            {
                Tenant = tenant, ClaimId = $"claim-{marker}-only", PatientId = $"p-{marker}", PayerId = "org-payer-acme", Procedure = "20610",
                AdjudicationType = "ExplanationOfBenefit", EobId = $"eob-{marker}", EobVersion = "1", Line = 1,
                Kind = DenialKind.Denial, Category = DenialCategory.Authorization, Owner = DenialOwner.FrontDesk, Carc = "197",
                Amount = 150m, ServiceDate = new DateOnly(2026, 2, 10), Deadline = new DateOnly(2026, 8, 10), Status = DenialStatus.Open,
                CreatedAt = now, UpdatedAt = now,
            });
            db.ModelVersions.Add(new ModelVersion { Tenant = tenant, Number = 1, Trigger = $"trigger {marker}", Status = ModelVersionStatus.Failed, Error = marker, CreatedAt = now });
        }
        await db.SaveChangesAsync();
    }
}
