using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>A stranger's server on another loopback port: records every request it receives (and whether it carried a token).</summary>
public sealed class RecordingListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    public RecordingListener()
    {
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(context =>
        {
            Requests.Add((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/fhir+json";
            return context.Response.WriteAsync("""{"resourceType":"Bundle","type":"searchset","entry":[]}""");
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentBag<(string PathAndQuery, string Authorization)> Requests { get; } = [];

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
