using FhirApp.Core.Appeals;
using FhirApp.Core.Claims;
using FhirApp.Core.Common;
using FhirApp.IntegrationTests.Infrastructure;
using FhirApp.SandboxEhr.Fhir;
using FhirApp.Web.Claims;
using FhirApp.Web.Documentation;
using FhirApp.Web.Fhir;
using FhirApp.Web.Smart;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>Its own EHR: these tests count what the app created there.</summary>
public sealed class EhrCreateEnvironment : AppEnvironment
{
    // 2026-06-10: James's window is still open, so his denial gets a letter (appealed as the note stands).
    protected override void ConfigureApp(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => AppealClock.Use(builder, new DateOnly(2026, 6, 10));
}

/// <summary>
/// What the app creates on the EHR (the sandbox refuses a create that carries its own id, as HAPI does): the EHR picks
/// the id, and sending the same thing twice (a retry after a lost answer) leaves one copy.
/// </summary>
public sealed class EhrCreateTests(EhrCreateEnvironment env) : IClassFixture<EhrCreateEnvironment>
{
    private const string Claim = "claim-james-90837";

    [Fact]
    public async Task GivenTheSameAppealPacketSentTwice_WhenCreated_ThenOneDocumentReferenceWithAnIdTheEhrChose()
    {
        var (launch, context) = await LaunchJamesAsync();
        var appeals = env.AppServices.GetRequiredService<AppealService>();
        var writer = env.AppServices.GetRequiredService<EhrWriter>();
        var html = appeals.Build(context).Html.ShouldNotBeNull("James's psychotherapy denial is argued from the chart");
        var reference = AppealService.ReferenceOf(context);

        var first = await writer.CreateAsync(launch, appeals.FinalDocument(context, AppealService.Pdf(html, reference), reference), "appeal-send", CancellationToken.None);
        var again = await writer.CreateAsync(launch, appeals.FinalDocument(context, AppealService.Pdf(html, reference), reference), "appeal-send", CancellationToken.None);

        first.Id.ShouldNotBeNullOrEmpty();
        first.Id.ShouldNotStartWith("appeal-");
        again.Id.ShouldBe(first.Id, "the second send found the first packet");
        var identifier = first.Identifier.Single(i => i.System == FhirAppSystems.AppealPacket).Value!;
        Stored("DocumentReference", FhirAppSystems.AppealPacket, identifier).ShouldBe([first.Id]);
    }

    [Fact]
    public async Task GivenTheSameAddendumRequestMadeTwice_WhenCreated_ThenOneTask()
    {
        var (launch, context) = await LaunchJamesAsync();
        var detail = ClaimDisplayMapper.ToDetail(context);
        var criterion = env.AppServices.GetRequiredService<AppealContent>().Sets.SelectMany(s => s.Criteria).First(c => c.Id == "session-times");
        var tasks = env.AppServices.GetRequiredService<AddendumTasks>();

        var first = await tasks.RequestAsync(launch, context, detail, criterion, 1, CancellationToken.None);
        var again = await tasks.RequestAsync(launch, context, detail, criterion, 1, CancellationToken.None);

        again.TaskId.ShouldBe(first.TaskId);
        Stored("Task", FhirAppSystems.AddendumRequest, $"{Claim}/1/session-times").ShouldBe([first.TaskId]);
    }

    private async Task<(LaunchContext Launch, ClaimContext Context)> LaunchJamesAsync()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launchId, _) = await env.LaunchAsync(browser, "p-james-carter");
        var session = await env.StoredLaunchAsync(launchId);
        var launch = (await env.AppServices.GetRequiredService<LaunchStore>().GetAsync(launchId, session.SessionId, CancellationToken.None)).ShouldNotBeNull();
        var view = await env.AppServices.GetRequiredService<PatientClaimsService>().GetAsync(launch, refresh: false, CancellationToken.None);
        return (launch, view.Contexts[Claim]);
    }

    private List<string> Stored(string type, string system, string value) =>
        [.. env.SandboxServices.GetRequiredService<FhirResourceStore>().OfType(type)
            .Where(r => JsonPaths.Values(r.Element, "identifier").Any(i => JsonPaths.String(i, "system") == system && JsonPaths.String(i, "value") == value))
            .Select(r => r.Id)];
}
