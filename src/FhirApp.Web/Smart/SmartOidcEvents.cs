using System.Security.Claims;
using Duende.IdentityModel.Client;
using FhirApp.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>
/// The SMART parts of the OpenID Connect handler's flow. The handler does state, correlation cookie, PKCE S256, nonce
/// and id_token validation; these events add aud / launch / SMART scopes, make each state single-use on the server,
/// redeem the code with SMART client authentication (the handler only knows client secrets in the body), and turn the
/// result into a server-side launch instead of a cookie full of tokens.
/// </summary>
public sealed class SmartOidcEvents(
    SmartRegistry registry,
    SmartTokenClient tokenClient,
    LaunchStore launches,
    AppDbContext db,
    Microsoft.Extensions.Options.IOptions<LaunchRateLimit> limits,
    TimeProvider clock,
    ILogger<SmartOidcEvents> logger) : OpenIdConnectEvents
{
    public const string LaunchItem = "smart.launch";

    /// <summary>Set to "practice" by /launch/practice: the EHR's billing worklist activity, which asks for user/ scopes.</summary>
    public const string KindItem = "smart.kind";
    private const string PendingItem = "smart.pending";
    private const string TokenResponseKey = "smart.token-response";
    private const string FhirUserKey = "smart.fhir-user";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    public override async Task RedirectToIdentityProvider(RedirectContext context)
    {
        var registration = Registration(context.Scheme.Name);
        var config = (SmartConfiguration)await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
        context.Properties.Items.TryGetValue(LaunchItem, out var launch);

        var message = context.ProtocolMessage;
        var kind = launch is null ? LaunchKind.Standalone
            : context.Properties.Items.TryGetValue(KindItem, out var k) && k == nameof(LaunchKind.Practice) ? LaunchKind.Practice : LaunchKind.Patient;
        message.Scope = SmartScopes.Build(config.Capabilities, kind, registration.Resources, registration.Features.Writes());
        message.RedirectUri = registration.RedirectUri;
        message.SetParameter("aud", registration.FhirBaseUrl);
        if (launch is not null)
        {
            message.SetParameter("launch", launch);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.PendingAuthorizations.Where(p => p.ExpiresAt < now).ExecuteDeleteAsync(context.HttpContext.RequestAborted);
        if (await db.PendingAuthorizations.CountAsync(context.HttpContext.RequestAborted) >= limits.Value.MaxPendingSignIns)
        {
            // A flood of sign-in starts (from many addresses) cannot fill the database: new ones wait for old ones to expire.
            logger.LogWarning("Sign-in refused for {Registration}: {Max} sign-ins already in progress", registration.Id, limits.Value.MaxPendingSignIns);
            context.HandleResponse();
            await ErrorPage.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, "FhirApp is busy",
                "Too many sign-ins are in progress right now. Try again in a few minutes.");
            return;
        }
        var pending = new PendingAuthorization
        {
            Id = LaunchStore.NewId(),
            ExpiresAt = now + PendingLifetime,
        };
        db.PendingAuthorizations.Add(pending);
        await db.SaveChangesAsync(context.HttpContext.RequestAborted);
        context.Properties.Items[PendingItem] = pending.Id;
    }

    public override async Task AuthorizationCodeReceived(AuthorizationCodeReceivedContext context)
    {
        var ct = context.HttpContext.RequestAborted;
        if (!await ConsumePendingAsync(context.Properties?.Items.TryGetValue(PendingItem, out var pendingId) == true ? pendingId : null, ct))
        {
            context.Fail("This authorization response was already used or has expired.");
            return;
        }

        var registration = Registration(context.Scheme.Name);
        var config = await context.Options.ConfigurationManager!.GetConfigurationAsync(ct);
        var response = await tokenClient.ExchangeCodeAsync(
            registration,
            config.TokenEndpoint,
            context.ProtocolMessage.Code,
            // The handler has moved the redirect URI and the PKCE verifier from the state into its own token request.
            context.TokenEndpointRequest!.RedirectUri,
            context.TokenEndpointRequest.Parameters[OAuthConstants.CodeVerifierKey],
            ct);
        var answer = TokenEndpointAnswer.Read(response);
        if (answer.Kind != TokenAnswerKind.Issued)
        {
            // Refused (any 4xx), unreachable (no answer, timeout, 5xx) or unreadable: RemoteFailure shows which, in plain words.
            context.Fail(new TokenEndpointException(answer));
            return;
        }
        context.HttpContext.Items[TokenResponseKey] = response;
        context.HandleCodeRedemption(response.AccessToken!, response.IdentityToken ?? "");
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (IdTokenProblem(context) is { } problem)
        {
            context.Fail(problem);
            return Task.CompletedTask;
        }

        // fhirUser is the SMART claim; older servers sent `profile` instead.
        var user = context.Principal?.FindFirst("fhirUser")?.Value ?? context.Principal?.FindFirst("profile")?.Value;
        context.HttpContext.Items[FhirUserKey] = FhirUserReference.Parse(user);
        return Task.CompletedTask;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        if (context.HttpContext.Items[TokenResponseKey] is not TokenResponse response)
        {
            context.Fail("No token response.");
            return;
        }
        var tokenContext = SmartTokenContext.Parse(response.Json!.Value);
        if (tokenContext.Patient is null && !SmartScopes.Allows(tokenContext.Scopes, "Claim", 's', patientContext: false))
        {
            // Without a patient the app can only show the practice's queue, which needs user-level claim access:
            // a launch with neither is refused here, not half-shown later.
            context.Fail("The EHR gave this launch no patient and no access to the practice's claims. Open FhirApp from a patient's chart, or from the EHR's billing worklist.");
            return;
        }
        var registration = Registration(context.Scheme.Name);
        var existing = await context.HttpContext.AuthenticateAsync(SmartAuthentication.CookieScheme);
        var sessionId = existing.Principal?.FindFirst(SmartAuthentication.SessionClaim)?.Value ?? LaunchStore.NewId();
        var launchId = await launches.CreateAsync(
            sessionId, registration, response, context.HttpContext.Items[FhirUserKey] as FhirUserReference,
            context.HttpContext.Connection.RemoteIpAddress?.ToString(), context.HttpContext.RequestAborted);
        logger.LogInformation("Launch {LaunchId} started from {Registration}", launchId, registration.Id);

        // The cookie carries only the browser-session id: fresh properties drop the code verifier and friends.
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(SmartAuthentication.SessionClaim, sessionId)], "smart"));
        context.Properties = new AuthenticationProperties();
        context.ReturnUri = tokenContext.Patient is null ? $"/l/{launchId}/queue" : $"/l/{launchId}";
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        var failure = SignInFailure.From(context.Failure);
        // A refusal or a failed check is the EHR's or the user's doing, not a fault of ours: Warning. The detail is the
        // token endpoint's own answer (server to server) or an OAuth error code, never words from the query string.
        logger.LogWarning("SMART callback for {Registration} failed: {Failure} {Detail}", context.Scheme.Name, failure.Kind, failure.LogDetail);
        return ErrorPage.WriteAsync(context.HttpContext, failure.Status, failure.Title, failure.Message, failure.Details);
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        context.HandleResponse();
        return ErrorPage.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Access was not granted", "The EHR did not authorize FhirApp. Please launch it again from the EHR.");
    }

    /// <summary>
    /// The id_token checks the handler leaves out here. For an id_token from the token endpoint it does not require a
    /// signature (OpenID Connect Core 3.1.3.7 lets TLS stand in; SMART asks for the signature check), though it checks one
    /// that is there; and because this app redeems the code itself (SMART client authentication), it skips the token
    /// response validation, nonce included. Null when the id_token passes.
    /// </summary>
    private static Exception? IdTokenProblem(TokenValidatedContext context)
    {
        var jwt = context.SecurityToken;
        if (jwt is null || string.IsNullOrEmpty(jwt.RawSignature) || string.Equals(jwt.Header.Alg, "none", StringComparison.OrdinalIgnoreCase))
        {
            return new SecurityTokenInvalidSignatureException("The id_token carries no signature.");
        }
        try
        {
            context.Options.ProtocolValidator.ValidateTokenResponse(new OpenIdConnectProtocolValidationContext
            {
                ClientId = context.Options.ClientId,
                ProtocolMessage = context.TokenEndpointResponse,
                ValidatedIdToken = jwt,
                Nonce = context.Nonce, // the handler's nonce cookie matching the id_token's nonce, else null
            });
            return null;
        }
        catch (OpenIdConnectProtocolException ex)
        {
            return ex;
        }
    }

    /// <summary>Deletes the pending row in one statement: of two concurrent callbacks with the same state, one deletes it, the other finds nothing.</summary>
    private async Task<bool> ConsumePendingAsync(string? pendingId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return pendingId is not null
            && await db.PendingAuthorizations.Where(p => p.Id == pendingId && p.ExpiresAt > now).ExecuteDeleteAsync(ct) == 1;
    }

    private SmartRegistration Registration(string scheme) =>
        registry.FindById(scheme) ?? throw new InvalidOperationException($"No registration for scheme {scheme}.");
}
