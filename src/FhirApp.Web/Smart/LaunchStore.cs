using System.Security.Cryptography;
using System.Text.Json;
using Duende.IdentityModel.Client;
using FhirApp.Core.Data;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FhirApp.Web.Smart;

/// <summary>
/// Server-side store of launches and their tokens (encrypted at rest). Pages get a <see cref="LaunchContext"/> only for a
/// launch bound to their own browser session; the bearer handler gets access tokens, refreshed ahead of expiry.
/// </summary>
public sealed class LaunchStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    SmartRegistry registry,
    SmartTokenClient tokenClient,
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions,
    IOptions<LaunchLifetimeOptions> lifetime,
    LaunchDataCache cache,
    TimeProvider clock,
    IMemoryCache endings,
    ILogger<LaunchStore> logger)
{
    /// <summary>Launch rows (their tokens long erased) are deleted this long after they started.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Last use is written at most this often (a page renders several times a minute).</summary>
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = protection.CreateProtector("FhirApp.Smart.Tokens.v1");
    // Striped in-process locks so one launch refreshes once at a time here; across instances the concurrency stamp decides.
    private readonly SemaphoreSlim[] _refreshLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public static string NewId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));

    public async Task<string> CreateAsync(string sessionId, SmartRegistration registration, TokenResponse token, FhirUserReference? fhirUser, string? clientAddress, CancellationToken ct)
    {
        var context = SmartTokenContext.Parse(token.Json!.Value);
        var now = clock.GetUtcNow();
        var (expiresAt, refreshAt) = TokenLifetime.Compute(token.AccessToken!, token.ExpiresIn, now);
        var session = new LaunchSession
        {
            Id = NewId(),
            SessionId = sessionId,
            RegistrationId = registration.Id,
            PatientId = context.Patient,
            EncounterId = context.Encounter,
            FhirContextJson = JsonSerializer.Serialize(context.FhirContext),
            NeedPatientBanner = context.NeedPatientBanner,
            Intent = context.Intent,
            SmartStyleUrl = context.SmartStyleUrl,
            Tenant = context.Tenant,
            FhirUser = fhirUser?.ToString(),
            GrantedScopes = string.Join(' ', context.Scopes),
            AccessTokenProtected = _protector.Protect(token.AccessToken!),
            RefreshTokenProtected = string.IsNullOrEmpty(token.RefreshToken) ? null : _protector.Protect(token.RefreshToken),
            AccessTokenExpiresAt = expiresAt,
            AccessTokenRefreshAt = refreshAt,
            CreatedAt = now.UtcDateTime,
            LastUsedAt = now.UtcDateTime,
            ClientAddress = clientAddress is { Length: <= 64 } ? clientAddress : null,
        };
        await SweepAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Launches.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>
    /// The launch, if it exists and belongs to this browser session; otherwise null (the caller answers 403). A launch
    /// that has ended (or ends now: idle too long, or too old) comes back with <see cref="LaunchContext.Ended"/> set and
    /// must show nothing but a way to launch again.
    /// </summary>
    public async Task<LaunchContext?> GetAsync(string launchId, string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var s = await db.Launches.FirstOrDefaultAsync(l => l.Id == launchId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (s is null || s.CreatedAt < now - Retention || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(s.SessionId), System.Text.Encoding.UTF8.GetBytes(sessionId)))
        {
            return null;
        }
        var registration = registry.FindById(s.RegistrationId);
        if (registration is null)
        {
            return null;
        }
        if (!s.Ended && IsOver(s, now))
        {
            logger.LogInformation("Launch {LaunchId} ended: unused or open too long", s.Id);
            await EndAsync(db, s);
        }
        else if (!s.Ended && now - s.LastUsedAt >= UseResolution)
        {
            await db.Launches.Where(l => l.Id == s.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.LastUsedAt, now), ct);
        }
        return new LaunchContext(
            s.Id,
            registration,
            s.PatientId,
            s.EncounterId,
            JsonSerializer.Deserialize<List<string>>(s.FhirContextJson ?? "[]") ?? [],
            s.NeedPatientBanner,
            s.Intent,
            s.SmartStyleUrl,
            s.Tenant,
            FhirUserReference.Parse(s.FhirUser),
            s.GrantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            s.ClientAddress)
        {
            Ended = s.Ended,
            EndedDetails = s.Ended ? endings.Get<TokenEndpointAnswer>(EndingKey(s.Id))?.Details ?? [] : [],
        };
    }

    /// <summary>Idle past the limit, or open past the longest a launch lives.</summary>
    private bool IsOver(LaunchSession s, DateTime now) => now - s.LastUsedAt > lifetime.Value.Idle || now - s.CreatedAt > lifetime.Value.Max;

    /// <summary>
    /// Ends every launch that is over (idle, too old, or its access token expired with no refresh token), erasing its
    /// tokens, and deletes launch rows past their retention. Run by <see cref="LaunchSweeper"/> and before each new launch.
    /// </summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var utc = now.UtcDateTime;
        var expired = utc - Retention;
        await db.Launches.Where(l => l.CreatedAt < expired).ExecuteDeleteAsync(ct);
        var idleSince = utc - lifetime.Value.Idle;
        var startedBefore = utc - lifetime.Value.Max;
        var over = db.Launches.Where(l => !l.Ended && (l.LastUsedAt < idleSince || l.CreatedAt < startedBefore));
        var ids = await over.Select(l => l.Id).ToListAsync(ct);
        await over.ExecuteUpdateAsync(u => u.SetProperty(l => l.Ended, true).SetProperty(l => l.AccessTokenProtected, "").SetProperty(l => l.RefreshTokenProtected, (string?)null), ct);
        ids.ForEach(cache.Drop);
        // SQLite cannot compare DateTimeOffset in a query: the few launches without a refresh token are checked here.
        var once = await db.Launches.Where(l => !l.Ended && l.RefreshTokenProtected == null).ToListAsync(ct);
        foreach (var s in once.Where(s => s.AccessTokenExpiresAt < now))
        {
            await EndAsync(db, s);
        }
    }

    /// <summary>
    /// A usable access token: the stored one until its refresh time, else a refreshed one (the new refresh token replaces
    /// the old, which is never used again). After a 401 pass the token the EHR rejected: if another request has already
    /// replaced it, that newer token is returned instead of rotating again. Throws <see cref="RelaunchRequiredException"/>
    /// when the EHR will not give another, <see cref="HttpRequestException"/> when it cannot be reached.
    /// </summary>
    public async Task<string> GetAccessTokenAsync(string launchId, string? rejectedToken, CancellationToken ct)
    {
        var gate = _refreshLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(launchId) % (uint)_refreshLocks.Length)];
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var s = await db.Launches.FirstOrDefaultAsync(l => l.Id == launchId, ct);
            var now = clock.GetUtcNow();
            if (s is null || s.Ended || s.CreatedAt < (now - Retention).UtcDateTime)
            {
                // What the EHR said when it ended the launch, while this instance remembers it: the page keeps showing it.
                throw new RelaunchRequiredException("This launch has ended.", endings.Get<TokenEndpointAnswer>(EndingKey(launchId)));
            }
            if (IsOver(s, now.UtcDateTime))
            {
                await EndAsync(db, s);
                throw new RelaunchRequiredException("This launch was unused or open too long.");
            }
            var stored = _protector.Unprotect(s.AccessTokenProtected);
            if (rejectedToken is not null && rejectedToken != stored)
            {
                return stored; // someone else refreshed while this request was out
            }
            if (rejectedToken is null && now < s.AccessTokenRefreshAt)
            {
                return stored;
            }
            if (s.RefreshTokenProtected is null)
            {
                if (rejectedToken is null && now < s.AccessTokenExpiresAt)
                {
                    return stored;
                }
                await EndAsync(db, s);
                throw new RelaunchRequiredException("The access token expired and the EHR gave no refresh token.");
            }
            return await RefreshAsync(db, s, now);
        }
        finally
        {
            gate.Release();
        }
    }

    // Not cancellable: once the EHR has rotated the refresh token, the new one must reach the database or the launch is lost.
    private async Task<string> RefreshAsync(AppDbContext db, LaunchSession s, DateTimeOffset now)
    {
        var registration = registry.FindById(s.RegistrationId) ?? throw new RelaunchRequiredException("The EHR registration is gone.");
        OpenIdConnectConfiguration config;
        try
        {
            config = await oidcOptions.Get(registration.Id).ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            throw new HttpRequestException("The EHR's SMART configuration could not be read.", ex);
        }
        var response = await tokenClient.RefreshAsync(registration, config.TokenEndpoint, _protector.Unprotect(s.RefreshTokenProtected!), CancellationToken.None);
        var answer = TokenEndpointAnswer.Read(response);
        if (answer.Kind == TokenAnswerKind.Unreachable)
        {
            // No answer, a timeout or a 5xx: the refresh token was not refused, the next try may work.
            logger.LogWarning("Token endpoint of {Registration} unreachable refreshing launch {LaunchId}: {Answer}", registration.Id, s.Id, answer);
            throw new HttpRequestException($"The EHR's token endpoint could not be reached ({answer.Status}).", response.Exception);
        }
        if (answer.Kind != TokenAnswerKind.Issued)
        {
            // Refused (any 4xx: invalid_grant, invalid_client…): asking again gets the same answer. Unreadable: the EHR may
            // have spent the refresh token on an answer we cannot read, and a refresh token is never used twice.
            logger.LogWarning("Token refresh refused for launch {LaunchId} by {Registration}: {Answer}", s.Id, registration.Id, answer);
            await EndAsync(db, s);
            endings.Set(EndingKey(s.Id), answer, Retention);
            throw new RelaunchRequiredException("The EHR refused to refresh the session.", answer);
        }

        (s.AccessTokenExpiresAt, s.AccessTokenRefreshAt) = TokenLifetime.Compute(response.AccessToken!, response.ExpiresIn, now);
        s.AccessTokenProtected = _protector.Protect(response.AccessToken!);
        if (!string.IsNullOrEmpty(response.RefreshToken))
        {
            s.RefreshTokenProtected = _protector.Protect(response.RefreshToken);
        }
        if (!string.IsNullOrEmpty(response.Scope))
        {
            s.GrantedScopes = response.Scope;
        }
        s.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance refreshed the same launch first; its tokens are in the database now. Ours still work
            // for this request, but the stored ones are the ones to keep.
            logger.LogWarning("Concurrent token refresh for launch {LaunchId}; keeping the one stored first", s.Id);
        }
        logger.LogDebug("Refreshed access token for launch {LaunchId}", s.Id);
        return response.AccessToken!;
    }

    private static string EndingKey(string launchId) => "launch-ended:" + launchId;

    /// <summary>Ends the launch (the EHR refused it): its tokens are erased and its cached data dropped.</summary>
    public async Task EndAsync(string launchId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Launches.FirstOrDefaultAsync(l => l.Id == launchId) is { Ended: false } s)
        {
            await EndAsync(db, s);
        }
    }

    /// <summary>Ends the launch and erases its tokens at once: nothing of it can call the EHR again.</summary>
    private async Task EndAsync(AppDbContext db, LaunchSession s)
    {
        cache.Drop(s.Id);
        s.Ended = true;
        s.AccessTokenProtected = "";
        s.RefreshTokenProtected = null;
        s.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed the launch first; it is ending anyway.
        }
    }
}
