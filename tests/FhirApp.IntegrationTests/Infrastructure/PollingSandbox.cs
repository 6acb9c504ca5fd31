using System.Text.Json;
using FhirApp.SandboxEhr;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>
/// For the tests that run FhirApp as real processes: a sandbox EHR serving synthetic adjudications to one Backend
/// Services client, and the app's registration of it in <c>temp/smart-config</c> (one poll at start, then hourly, so
/// any second run in a test is a restart's, a recovery's or a double fire).
/// </summary>
internal static class PollingSandbox
{
    public const string Registration = "sandbox";
    private const string BackendClientId = "fhirapp-backend";

    /// <param name="appUrl">Where the app's callback and JWKS are reached (one node, or a front for several).</param>
    /// <param name="clock">The sandbox's clock (its "delay" faults wait on it); null: the system clock.</param>
    /// <returns>The started sandbox and the smart-config folder to give the app.</returns>
    public static async Task<(WebApplication Sandbox, string ConfigDirectory)> StartAsync(
        string temp, string sandboxUrl, string appUrl, int eobs, int claimResponses, string label, TimeProvider? clock = null)
    {
        var configDir = Directory.CreateDirectory(Path.Combine(temp, "smart-config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(configDir, "sandbox.json"), JsonSerializer.Serialize(new
        {
            id = Registration,
            name = $"Sandbox EHR ({label})",
            fhirBaseUrl = $"{sandboxUrl}/fhir",
            clientId = "fhirapp-test",
            redirectUri = $"{appUrl}/callback/sandbox",
            keyId = "fhirapp-rs384",
            allowInsecureHttp = true,
            // These process tests exercise the search poller; the export's own tests are in BulkExportPollTests.
            backendServices = new { clientId = BackendClientId, pollIntervalSeconds = 3600, mode = "system-search" },
        }));
        var sandbox = SandboxHost.Create([
            $"--contentRoot={RepoPaths.Sandbox}",
            $"--urls={sandboxUrl}",
            $"--Sandbox:DataPaths:0={AdjudicationData.Write(Path.Combine(temp, "data"), eobs, claimResponses)}",
            $"--Sandbox:Clients:0:ClientId={BackendClientId}",
            $"--Sandbox:Clients:0:DisplayName=FhirApp jobs ({label})",
            $"--Sandbox:Clients:0:RedirectUris:0={appUrl}/unused",
            $"--Sandbox:Clients:0:JwksUri={appUrl}/.well-known/jwks.json",
            "--Sandbox:Clients:0:AllowSystemClaimsSearch=true",
            "--Logging:LogLevel:Default=Warning",
        ], clock is null ? null : builder => builder.Services.AddSingleton(clock));
        await sandbox.StartAsync();
        return (sandbox, configDir);
    }
}
