using Microsoft.IdentityModel.JsonWebTokens;

namespace FhirApp.Web.Smart;

internal static class TokenLifetime
{
    private static readonly TimeSpan Fallback = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxMargin = TimeSpan.FromSeconds(30);

    /// <summary>expires_in, else the JWT's own exp, else 5 minutes (SMART: tokens without expires_in are short-lived).</summary>
    public static (DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt) Compute(string accessToken, int expiresIn, DateTimeOffset now)
    {
        var lifetime = expiresIn > 0 ? TimeSpan.FromSeconds(expiresIn) : JwtLifetime(accessToken, now) ?? Fallback;
        var margin = lifetime / 2 < MaxMargin ? lifetime / 2 : MaxMargin;
        return (now + lifetime, now + lifetime - margin);
    }

    private static TimeSpan? JwtLifetime(string token, DateTimeOffset now)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return null;
        }
        var exp = handler.ReadJsonWebToken(token).ValidTo;
        return exp == DateTime.MinValue ? null : new DateTimeOffset(exp, TimeSpan.Zero) - now;
    }
}
