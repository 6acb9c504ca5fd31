using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Cli.Tests.Export;

/// <summary>
/// The strict sandbox EHR in-process on a free loopback port, serving the given data folders, with one Backend Services
/// client ("cli-export") whose RSA key is written as a PEM file for `fhirapp export --key`, its public JWKS served by a
/// second small host as a real client's would be.
/// </summary>
internal sealed class ExportSandbox : IAsyncDisposable
{
    public const string ClientId = "cli-export";

    private readonly WebApplication _ehr;
    private readonly WebApplication _jwks;
    private readonly string _work;

    private ExportSandbox(WebApplication ehr, WebApplication jwks, string work)
    {
        _ehr = ehr;
        _jwks = jwks;
        _work = work;
        BaseUrl = ehr.Urls.First();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }

    public string FhirBase => BaseUrl + "/fhir";

    public string KeyPath => Path.Combine(_work, "client.pem");

    public HttpClient Http { get; }

    /// <summary>The export command's arguments up to the output folder.</summary>
    public string[] Args(string outDirectory, params string[] more) =>
        ["export", "--fhir-base", FhirBase, "--client-id", ClientId, "--key", KeyPath, "--key-id", "cli-rs384", "--out", outDirectory, .. more];

    public static async Task<ExportSandbox> StartAsync(IReadOnlyList<string> dataPaths, params string[] extraArgs)
    {
        var work = Directory.CreateTempSubdirectory("fhirapp-cli-export-sandbox-").FullName;
        using var rsa = RSA.Create(2048);
        await File.WriteAllTextAsync(Path.Combine(work, "client.pem"), rsa.ExportPkcs8PrivateKeyPem());
        var parameters = rsa.ExportParameters(false);
        var jwksJson = JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["kid"] = "cli-rs384", ["alg"] = "RS384", ["use"] = "sig",
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var jwks = builder.Build();
        jwks.MapGet("/jwks.json", () => Results.Text(jwksJson, "application/json"));
        await jwks.StartAsync();

        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. dataPaths.Select((p, i) => $"--Sandbox:DataPaths:{i}={p}"),
            $"--Sandbox:Clients:0:ClientId={ClientId}",
            "--Sandbox:Clients:0:RedirectUris:0=http://127.0.0.1:9/unused",
            $"--Sandbox:Clients:0:JwksUri={jwks.Urls.First()}/jwks.json",
            .. extraArgs,
        ];
        var ehr = SandboxHost.Create(args);
        await ehr.StartAsync();
        return new ExportSandbox(ehr, jwks, work);
    }

    /// <summary>Posts a test hook (export scenarios, faults) to the sandbox.</summary>
    public async Task HookAsync(string path, string json)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The requests the sandbox saw, as (method, path).</summary>
    public async Task<List<(string Method, string Path)>> JournalAsync()
    {
        var entries = await Http.GetFromJsonAsync<JsonArray>("/_sandbox/journal") ?? [];
        return [.. entries.Select(e => ((string)e!["method"]!, (string)e["path"]!))];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _ehr.StopAsync();
        await _ehr.DisposeAsync();
        await _jwks.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
