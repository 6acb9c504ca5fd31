using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirApp.SandboxEhr.Tests.Infrastructure;

/// <summary>Serves the test client's public keys on a free loopback port, as the app's /.well-known/jwks.json would.</summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JwksServer(WebApplication app, string url, string json)
    {
        _app = app;
        Url = url;
        Json = json;
    }

    public string Url { get; }

    /// <summary>What the next fetch returns (tests rotate keys by replacing it).</summary>
    public string Json { get; set; }

    public int Hits { get; private set; }

    public static async Task<JwksServer> StartAsync(string jwksJson)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        JwksServer? server = null;
        app.MapGet("/jwks.json", () =>
        {
            server!.Hits++;
            return Results.Text(server.Json, "application/json");
        });
        await app.StartAsync();
        server = new JwksServer(app, app.Urls.First() + "/jwks.json", jwksJson);
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
