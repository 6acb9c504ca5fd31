using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>A sandbox EHR hosted in-process on a free loopback port, with its own data folder and a JWKS-serving test client.</summary>
internal sealed class SandboxInstance : IAsyncDisposable
{
    public const string ClientId = "test-app";
    public const string SecretClientId = "secret-app";
    public const string ClientSecret = "s3cret-for-tests";
    public const string RedirectUri = "http://127.0.0.1:9/callback";
    public const string LaunchUrl = "http://127.0.0.1:9/launch";

    private SandboxInstance(WebApplication app, JwksServer jwks, TestKeys keys, string dataDirectory)
    {
        App = app;
        Jwks = jwks;
        Keys = keys;
        DataDirectory = dataDirectory;
        BaseUrl = app.Urls.First();
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
    }

    public WebApplication App { get; }

    public JwksServer Jwks { get; }

    public TestKeys Keys { get; }

    public string DataDirectory { get; }

    public string BaseUrl { get; }

    public string FhirBase => BaseUrl + "/fhir";

    public string TokenEndpoint => BaseUrl + "/connect/token";

    public HttpClient Http { get; }

    public static Task<SandboxInstance> StartAsync(params string[] extraArgs) => StartAsync(clock: null, extraArgs);

    /// <param name="clock">The sandbox's clock (tokens, launch codes): a fake one lets a test move time on instead of waiting.</param>
    public static async Task<SandboxInstance> StartAsync(TimeProvider? clock, params string[] extraArgs)
    {
        var keys = TestKeys.Shared;
        var jwks = await JwksServer.StartAsync(keys.PublicJwks());
        var data = TestData.WriteTo(Path.Combine(Path.GetTempPath(), "sandbox-tests-" + Guid.NewGuid().ToString("N")));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--Sandbox:DataPaths:0={data}",
            $"--Sandbox:Clients:0:ClientId={ClientId}",
            "--Sandbox:Clients:0:DisplayName=Test App",
            $"--Sandbox:Clients:0:LaunchUrl={LaunchUrl}",
            $"--Sandbox:Clients:0:RedirectUris:0={RedirectUri}",
            $"--Sandbox:Clients:0:JwksUri={jwks.Url}",
            $"--Sandbox:Clients:1:ClientId={SecretClientId}",
            $"--Sandbox:Clients:1:LaunchUrl={LaunchUrl}",
            $"--Sandbox:Clients:1:RedirectUris:0={RedirectUri}",
            $"--Sandbox:Clients:1:ClientSecret={ClientSecret}",
            .. extraArgs,
        ];
        var app = SandboxHost.Create(args, clock is null ? null : builder => builder.Services.AddSingleton(clock));
        await app.StartAsync();
        return new SandboxInstance(app, jwks, keys, data);
    }

    public SmartClient Client(string clientId = ClientId) => new(this, clientId);

    public Task<FhirResult> GetFhirAsync(string pathAndQuery, string? accessToken) =>
        SendFhirAsync(HttpMethod.Get, pathAndQuery, accessToken, body: null);

    public async Task<FhirResult> SendFhirAsync(HttpMethod method, string pathAndQuery, string? accessToken, JsonNode? body)
    {
        var url = pathAndQuery.StartsWith("http", StringComparison.Ordinal) ? pathAndQuery : $"{FhirBase}/{pathAndQuery.TrimStart('/')}";
        using var request = new HttpRequestMessage(method, url);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/fhir+json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) as JsonObject : null;
        return new FhirResult((int)response.StatusCode, json, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Jwks.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
