using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>/_sandbox/* endpoints, mapped only when Sandbox:TestHooks is true.</summary>
internal static class TestHookEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/_sandbox").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value.TestHooks
                ? await next(context)
                : Results.NotFound());
        hooks.MapGet("/journal", (RequestJournal journal) => Results.Json(journal.Snapshot()));
        hooks.MapDelete("/journal", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        });
        // Fault injection for reliability tests: a JSON array of Fault (or one Fault); DELETE clears them all.
        hooks.MapPost("/faults", (Fault[] faults, FaultPlan plan) =>
        {
            if (faults.Select(Problem).FirstOrDefault(p => p is not null) is { } problem)
            {
                return Results.BadRequest(new { error = problem });
            }

            plan.Add(faults);
            return Results.NoContent();
        });
        hooks.MapGet("/faults", (FaultPlan plan) => Results.Json(plan.Pending()));
        hooks.MapDelete("/faults", (FaultPlan plan) =>
        {
            plan.Clear();
            return Results.NoContent();
        });
        // Payer misbehaviour for the eligibility tests: AAA rejections, slow, failing or garbled payers, other demographics, a lapse.
        hooks.MapPost("/payer-scenarios", (Payer.PayerScenario[] scenarios, Payer.PayerScenarioPlan plan) =>
        {
            if (scenarios.FirstOrDefault(s => !Payer.PayerScenario.Kinds.Contains(s.Kind)) is { } unknown)
            {
                return Results.BadRequest(new { error = $"Unknown payer scenario kind '{unknown.Kind}'." });
            }

            plan.Add(scenarios);
            return Results.NoContent();
        });
        hooks.MapDelete("/payer-scenarios", (Payer.PayerScenarioPlan plan) =>
        {
            plan.Clear();
            return Results.NoContent();
        });
        // Bulk Data export misbehaviour: slow, failing and partial jobs (one scenario per kick-off), expired file URLs.
        hooks.MapPost("/export-scenarios", (Fhir.Export.ExportScenario[] scenarios, Fhir.Export.ExportJobStore jobs) =>
        {
            if (scenarios.FirstOrDefault(s => !Fhir.Export.ExportScenario.Kinds.Contains(s.Kind)) is { } unknown)
            {
                return Results.BadRequest(new { error = $"Unknown export scenario kind '{unknown.Kind}'." });
            }

            jobs.AddScenarios(scenarios);
            return Results.NoContent();
        });
        hooks.MapDelete("/export-scenarios", (Fhir.Export.ExportJobStore jobs) =>
        {
            jobs.ClearScenarios();
            return Results.NoContent();
        });
        hooks.MapPost("/export/expire-files", (Fhir.Export.ExportJobStore jobs) => Results.Json(new { expired = jobs.ExpireFiles() }));
        hooks.MapPost("/revoke-access-tokens", async (IOpenIddictTokenManager tokens, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var revoked = 0;
            var accessTokens = new List<object>();
            await foreach (var token in tokens.ListAsync(count: null, offset: null, cancellationToken))
            {
                if (await tokens.HasTypeAsync(token, TokenTypeIdentifiers.AccessToken, cancellationToken)
                    && await tokens.HasStatusAsync(token, Statuses.Valid, cancellationToken))
                {
                    accessTokens.Add(token);
                }
            }

            foreach (var token in accessTokens)
            {
                if (await tokens.TryRevokeAsync(token, cancellationToken))
                {
                    revoked++;
                }
            }

            loggers.CreateLogger(typeof(TestHookEndpoints)).LogInformation("Test hook revoked {Count} access tokens", revoked);
            return Results.Json(new { revoked });
        });
    }

    private static readonly string[] IdTokenFaults = ["unsigned", "tampered", "expired", "wrong-aud", "wrong-nonce"];

    /// <summary>What is wrong with a posted fault, so a typo fails the test that posts it instead of never firing.</summary>
    private static string? Problem(Fault fault) => fault switch
    {
        { Kind: not ("status" or "delay" or "malform" or "id_token") } => $"Unknown fault kind '{fault.Kind}'.",
        { Kind: "id_token", IdToken: var how } when !IdTokenFaults.Contains(how) => $"id_token faults need IdToken: one of {string.Join(", ", IdTokenFaults)}.",
        { Kind: "id_token" } when !fault.PathPrefix.StartsWith(TokenFaultMiddleware.Path, StringComparison.Ordinal) => "id_token faults apply to /connect/token only.",
        { Status: < 100 or > 599 } => $"Status {fault.Status} is not an HTTP status.",
        _ => null,
    };
}
