using System.Net.Http.Headers;
using System.Text;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FhirApp.SandboxEhr.TestHooks;

/// <summary>Records every request (except reads of the journal itself) for tests that assert what an app sent.</summary>
internal sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider time, IOptions<SandboxOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (options.Value.TestHooks && !request.Path.StartsWithSegments("/_sandbox/journal"))
        {
            string? grantType = null;
            string? clientId = request.Query["client_id"].FirstOrDefault();
            if (HttpMethods.IsPost(request.Method) && request.Path == "/connect/token" && request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                grantType = form["grant_type"].FirstOrDefault();
                clientId = form["client_id"].FirstOrDefault() ?? AssertionIssuer(form["client_assertion"].FirstOrDefault()) ?? clientId;
            }

            clientId ??= BasicUser(request.Headers.Authorization.FirstOrDefault());
            journal.Add(new JournalEntry(
                time.GetUtcNow(), request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", grantType,
                request.Headers.Authorization.Count > 0, clientId));
        }

        await next(http);
    }

    private static string? AssertionIssuer(string? assertion)
    {
        try
        {
            return assertion is null ? null : new JsonWebToken(assertion).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? BasicUser(string? authorization)
    {
        if (authorization is null || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return Uri.UnescapeDataString(colon < 0 ? decoded : decoded[..colon]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
