using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirApp.SandboxEhr.Auth;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>
/// Applies the <see cref="FaultPlan"/> to POST /connect/token when test hooks are on, before OpenIddict sees the
/// request: answers a status (an OAuth error body, or a plain one as a proxy would send), waits, answers 200 with a body
/// that is not JSON, or lets OpenIddict answer and spoils the id_token in its answer. Each fault kind is one way a real
/// token server (or what stands in front of it) answers.
/// </summary>
internal sealed class TokenFaultMiddleware(RequestDelegate next, FaultPlan plan, TimeProvider time, IOptions<SandboxOptions> options)
{
    public const string Path = "/connect/token";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!options.Value.TestHooks || !HttpMethods.IsPost(http.Request.Method) || http.Request.Path != Path)
        {
            await next(http);
            return;
        }

        // The form is read once and cached on the request: OpenIddict reads the same copy.
        var grantType = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted))["grant_type"].FirstOrDefault() : null;
        var firing = plan.Take(Path, grantType);
        var fault = firing.Count > 0 ? firing[0] : null;
        switch (fault?.Kind)
        {
            case "status":
                await AnswerStatusAsync(http, fault);
                return;
            case "delay":
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMilliseconds), time, http.RequestAborted);
                await next(http);
                return;
            case "malform":
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/json;charset=UTF-8";
                await http.Response.WriteAsync("{\"access_token\": \"abc\", \"token_type\": \"Bearer\", \"expires_in\": 3", http.RequestAborted);
                return;
            case "id_token":
                await SpoilIdTokenAsync(http, fault.IdToken ?? "");
                return;
            default:
                await next(http);
                return;
        }
    }

    private static async Task AnswerStatusAsync(HttpContext http, Fault fault)
    {
        http.Response.StatusCode = fault.Status;
        http.Response.Headers.CacheControl = "no-store";
        if (fault.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (fault.Error is null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Injected fault.", http.RequestAborted);
            return;
        }

        if (fault.Status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"sandbox\""; // RFC 6749 §5.2: a 401 names a scheme
        }

        var body = new JsonObject { ["error"] = fault.Error };
        if (fault.ErrorDescription is not null)
        {
            body["error_description"] = fault.ErrorDescription;
        }

        http.Response.ContentType = "application/json;charset=UTF-8";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>OpenIddict answers as usual; then the id_token in its answer is replaced by a spoiled one.</summary>
    private async Task SpoilIdTokenAsync(HttpContext http, string how)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var body = Encoding.UTF8.GetString(buffer.ToArray());
        if (http.Response.StatusCode == StatusCodes.Status200OK && JsonNode.Parse(body) is JsonObject answer && (string?)answer["id_token"] is { } idToken)
        {
            answer["id_token"] = Spoil(idToken, how, time.GetUtcNow());
            body = answer.ToJsonString();
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        http.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, http.RequestAborted);
    }

    internal static string Spoil(string idToken, string how, DateTimeOffset now)
    {
        var parts = idToken.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        switch (how)
        {
            case "unsigned":
                return new JsonWebTokenHandler().CreateToken(payload.ToJsonString()); // alg "none", empty signature
            case "tampered":
                // Another user, the original signature kept: only a signature check tells.
                payload["sub"] = "someone-else";
                payload["fhirUser"] = "Practitioner/someone-else";
                return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
            case "expired":
                payload["iat"] = (now - TimeSpan.FromHours(2)).ToUnixTimeSeconds();
                payload["nbf"] = (now - TimeSpan.FromHours(2)).ToUnixTimeSeconds();
                payload["exp"] = (now - TimeSpan.FromHours(1)).ToUnixTimeSeconds();
                return Sign(payload);
            case "wrong-aud":
                payload["aud"] = "another-client";
                return Sign(payload);
            case "wrong-nonce":
                payload["nonce"] = Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray());
                return Sign(payload);
            default:
                throw new InvalidOperationException($"Unknown id_token fault '{how}' (unsigned, tampered, expired, wrong-aud, wrong-nonce).");
        }
    }

    // Signed with the sandbox's own key, as the EHR signs every id_token: only the spoiled claim is wrong.
    private static string Sign(JsonObject payload) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(payload.ToJsonString(), new SigningCredentials(SandboxKeys.SigningKey, SecurityAlgorithms.RsaSha256));
}
