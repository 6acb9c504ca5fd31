using System.Text;
using System.Text.Json.Nodes;
using FhirApp.Core.Appeals;
using FhirApp.Core.Data;
using FhirApp.Core.Denials;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// Its own EHR and database for the hardening tests: a second practice ("offline", the environment's other registration)
/// with stored denials, notes, letters, model versions and job runs; and a patient whose payer name, CARC display text
/// and note carry script payloads (copies of Maria's 20610 claim under new ids).
/// </summary>
public sealed class HardeningEnvironment : AppEnvironment
{
    public const string OtherPractice = "offline";
    public const string OwnPractice = "sandbox";

    /// <summary>Every piece of practice B's data carries this text; none of it may reach practice A.</summary>
    public const string OtherMarker = "tenant-b-secret";
    public const string OtherClaim = "claim-tenant-b-secret-1";
    public const string OwnClaim = "claim-tenant-a-own-1";
    public const string OwnMarker = "tenant-a-own";

    public const string XssPatient = "p-xss";
    public const string XssClaim = "claim-xss";
    public const string PayerPayload = "Acme <img id=\"xss-payer\" src=\"x\" onerror=\"window.__xss='payer';alert('payer')\"> Plan";
    public const string CarcPayload = "Denied <script id=\"xss-carc\">window.__xss='carc';alert('carc')</script> reason";
    public const string NotePayload = "Knee note <img id=\"xss-note\" src=\"x\" onerror=\"window.__xss='note';alert('note')\">";

    private readonly SemaphoreSlim _seedLock = new(1, 1);
    private bool _seeded;

    /// <summary>A Backend Services block so the jobs page lists runs; the scheduler stays off, so nothing is polled.</summary>
    protected override object? BackendServices => new { clientId = "fhirapp-backend", scopes = "system/ExplanationOfBenefit.rs", pollIntervalSeconds = 3600 };

    protected override void ConfigureApp(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:Enabled", "false");
        // 2026-04-01: the copied Maria claim's payer is unknown, so the default 60-day window from 2026-02-24 is still
        // open and its appeal page shows the retro-authorization letter.
        AppealClock.Use(builder, new DateOnly(2026, 4, 1));
    }

    protected override IEnumerable<string> ExtraSandboxArgs => [$"--Sandbox:DataPaths:1={WritePayloadResources(Path.Combine(TempDirectory, "xss"))}"];

    /// <summary>Stores both practices' rows once: B's (to be hidden from A) and A's own (so each check has a positive control).</summary>
    public async Task SeedAsync()
    {
        await _seedLock.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            await using var scope = AppServices.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            foreach (var (tenant, claim, marker) in new[] { (OtherPractice, OtherClaim, OtherMarker), (OwnPractice, OwnClaim, OwnMarker) })
            {
                var item = new DenialWorkItem
                {
                    Tenant = tenant, ClaimId = claim, PatientId = $"p-{marker}", PayerId = $"org-{marker}", Procedure = "20610",
                    AdjudicationType = "ExplanationOfBenefit", EobId = $"eob-{marker}", EobVersion = "1", Line = 1,
                    Kind = DenialKind.Denial, Category = DenialCategory.Authorization, Owner = DenialOwner.FrontDesk, Carc = "197",
                    Amount = 150m, ServiceDate = new DateOnly(2026, 2, 10), Deadline = new DateOnly(2026, 8, 10), Status = DenialStatus.Open,
                    NextAction = $"call {marker}", CreatedAt = now, UpdatedAt = now,
                };
                item.Notes.Add(new DenialWorkNote { Tenant = tenant, Author = $"user {marker}", Text = $"note {marker}", At = now });
                db.DenialWorkItems.Add(item);
                db.Appeals.Add(new AppealRecord
                {
                    Tenant = tenant, ClaimId = claim, Level = "first", Html = $"<p>letter {marker}</p>", Status = AppealStatus.Submitted,
                    CreatedBy = $"user {marker}", CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
                });
                db.ModelVersions.Add(new ModelVersion { Tenant = tenant, Number = 1, Trigger = $"trigger {marker}", Status = ModelVersionStatus.Failed, Error = $"error {marker}", CreatedAt = now });
                db.JobRuns.Add(new JobRun { Tenant = tenant, Job = FhirApp.Core.Denials.Intake.AdjudicationPoller.JobName, StartedAt = now, EndedAt = now, Message = $"run {marker}" });
                db.FindingOverrides.Add(new FindingOverride { Tenant = tenant, ClaimId = claim, RuleId = "ncci-ptp", Reason = $"override {marker}", DecidedBy = $"user {marker}", DecidedAt = now });
            }

            await db.SaveChangesAsync();
            _seeded = true;
        }
        finally
        {
            _seedLock.Release();
        }
    }

    /// <summary>A launch of practice B stored for another browser session (as B's biller would have it).</summary>
    public async Task<string> StoreOtherPracticeLaunchAsync()
    {
        await using var scope = AppServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var launch = new LaunchSession
        {
            Id = FhirApp.Web.Smart.LaunchStore.NewId(), SessionId = FhirApp.Web.Smart.LaunchStore.NewId(), RegistrationId = OtherPractice,
            GrantedScopes = "launch user/Claim.rs", AccessTokenProtected = "not-a-token", CreatedAt = DateTime.UtcNow,
            AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1), AccessTokenRefreshAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        db.Launches.Add(launch);
        await db.SaveChangesAsync();
        return launch.Id;
    }

    /// <summary>Maria's 20610 claim, payer, remittance and note copied under new ids, with script in the payer name, CARC display and note.</summary>
    private static string WritePayloadResources(string directory)
    {
        Directory.CreateDirectory(directory);
        var renames = new (string From, string To)[]
        {
            ("p-maria-lopez", XssPatient), ("claim-maria-20610", XssClaim), ("cr-maria-20610", "cr-xss"), ("cov-maria-acme", "cov-xss"),
            ("org-payer-acme", "org-payer-xss"), ("doc-maria-20610-note", "doc-xss"),
        };
        foreach (var (from, to) in renames)
        {
            var type = Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "demo"), $"*-{from}.json").Single();
            var text = File.ReadAllText(type);
            foreach (var (f, t) in renames)
            {
                text = text.Replace(f, t, StringComparison.Ordinal);
            }

            var node = JsonNode.Parse(text)!.AsObject();
            switch ((string?)node["resourceType"])
            {
                case "Organization":
                    node["name"] = PayerPayload;
                    break;
                case "ClaimResponse":
                    foreach (var coding in Codings(node).Where(c => ((string?)c["system"])?.Contains("claim-adjustment-reason-codes", StringComparison.Ordinal) == true))
                    {
                        coding["display"] = CarcPayload;
                    }

                    break;
                case "DocumentReference":
                    node["description"] = NotePayload;
                    var attachment = node["content"]![0]!["attachment"]!;
                    attachment["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                        Encoding.UTF8.GetString(Convert.FromBase64String((string)attachment["data"]!)) + "\n" + NotePayload));
                    break;
            }

            File.WriteAllText(Path.Combine(directory, Path.GetFileName(type).Replace(from, to, StringComparison.Ordinal)), node.ToJsonString());
        }

        return directory;
    }

    private static IEnumerable<JsonObject> Codings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["coding"] is JsonArray codings)
                {
                    foreach (var c in codings.OfType<JsonObject>())
                    {
                        yield return c;
                    }
                }

                foreach (var child in o.Select(p => p.Value).SelectMany(Codings))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Codings))
                {
                    yield return child;
                }

                break;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HardeningEnvironmentGroup : ICollectionFixture<HardeningEnvironment>
{
    public const string Name = "hardening environment";
}
