using System.Net;
using FhirApp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.IntegrationTests.Hardening;

/// <summary>
/// Cross-site requests: every state change outside the Blazor circuit needs the antiforgery token, and the circuit's hub
/// (which carries every UI action on the SameSite=None session cookie) refuses other origins.
/// </summary>
[Collection(HardeningEnvironmentGroup.Name)]
public sealed class CrossSiteRequestTests(HardeningEnvironment env)
{
    private const string Foreign = "https://evil.example";

    [Fact]
    public void GivenTheAppsEndpoints_WhenListed_ThenEveryNonGetEndpointIsTheHubOrValidatesTheAntiforgeryToken()
    {
        var endpoints = env.AppServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var unprotected = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")) == true)
            .Where(e => !(e.RoutePattern.RawText ?? "").StartsWith("/_blazor", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => $"{string.Join('|', e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText}")
            .ToList();

        endpoints.Count.ShouldBeGreaterThan(5);
        unprotected.ShouldBeEmpty("state-changing endpoints without antiforgery validation");
    }

    [Fact]
    public async Task GivenASignedInUser_WhenAnotherSitePostsToAPageWithoutTheToken_ThenTheAppRefusesIt()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        var (launch, _) = await env.LaunchPracticeAsync(browser);

        using var post = new HttpRequestMessage(HttpMethod.Post, $"{env.AppUrl}/l/{launch}/denials")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "x", ["status"] = "WrittenOff" }),
        };
        post.Headers.Add("Origin", Foreign);
        var response = await browser.SendAsync(post);

        // Over plain http too (this test host) the antiforgery check runs and refuses: the page never runs.
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldNotContain("denials-heading", Case.Insensitive);
    }

    [Fact]
    public async Task GivenASignedInUser_WhenAnotherSiteOpensTheBlazorHub_ThenRefusedButTheAppsOwnOriginIsServed()
    {
        using var browser = AppEnvironment.NewBrowser(out _);
        await env.LaunchPracticeAsync(browser);

        var foreign = await NegotiateAsync(browser, Foreign);
        var own = await NegotiateAsync(browser, env.AppUrl);
        var noOrigin = await NegotiateAsync(browser, null);

        foreign.ShouldBe(HttpStatusCode.Forbidden);
        own.ShouldBe(HttpStatusCode.OK);
        noOrigin.ShouldBe(HttpStatusCode.OK); // not a browser on another site: browsers always send Origin on cross-origin requests

        // The WebSocket handshake itself (not bound by CORS, so the Origin check is what stops it).
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Foreign);
        var refused = await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(
            () => socket.ConnectAsync(new Uri($"{env.AppUrl.Replace("http", "ws", StringComparison.Ordinal)}/_blazor"), CancellationToken.None));
        refused.Message.ShouldContain("403");
    }

    private async Task<HttpStatusCode> NegotiateAsync(HttpClient browser, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{env.AppUrl}/_blazor/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return (await browser.SendAsync(request)).StatusCode;
    }
}
