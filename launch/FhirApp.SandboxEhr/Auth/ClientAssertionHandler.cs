using System.Security.Claims;
using FhirApp.SandboxEhr.Configuration;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace FhirApp.SandboxEhr.Auth;

/// <summary>
/// Validates client assertions the SMART way before OpenIddict's own JWT validation runs.
/// OpenIddict 7.8 accepts only typ "client-authentication+jwt" and aud = issuer, while SMART
/// clients send typ "JWT" and aud = token endpoint. Setting the principal here makes OpenIddict
/// skip its validation; the rest of its pipeline (client type, iss/sub/client_id checks) still runs.
/// </summary>
internal sealed class ClientAssertionHandler(ClientAssertionValidator validator, SandboxUrls urls) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<ClientAssertionHandler>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.ValidTokenTypes.Count != 1 || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
        {
            return;
        }

        var request = context.Transaction.GetHttpRequest() ?? throw new InvalidOperationException("No HTTP request for the client assertion.");
        var result = await validator.ValidateAsync(context.Token, urls.TokenEndpoint(request), context.CancellationToken);
        if (result.Identity is null)
        {
            context.Reject(Errors.InvalidClient, result.Error);
            return;
        }

        context.Principal = new ClaimsPrincipal(result.Identity).SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);

        // The audience was compared exactly with the token endpoint above; OpenIddict's list holds only the issuer.
        context.ValidAudiences.Clear();
    }
}
