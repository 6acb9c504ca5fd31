namespace FhirApp.Core.Data;

/// <summary>
/// One SMART launch: its context and its tokens. Tokens are stored encrypted (ASP.NET Core Data Protection)
/// and never leave the server. Keyed by launch, not by user, so two tabs for two patients never mix.
/// </summary>
public sealed class LaunchSession
{
    public required string Id { get; set; }

    /// <summary>The browser session the launch is bound to (a claim in the app's auth cookie).</summary>
    public required string SessionId { get; set; }

    public required string RegistrationId { get; set; }

    public string? PatientId { get; set; }

    public string? EncounterId { get; set; }

    /// <summary>fhirContext array as received, JSON.</summary>
    public string? FhirContextJson { get; set; }

    public bool NeedPatientBanner { get; set; } = true;

    public string? Intent { get; set; }

    public string? SmartStyleUrl { get; set; }

    public string? Tenant { get; set; }

    public string? FhirUser { get; set; }

    public required string GrantedScopes { get; set; }

    public required string AccessTokenProtected { get; set; }

    public string? RefreshTokenProtected { get; set; }

    public DateTimeOffset AccessTokenExpiresAt { get; set; }

    /// <summary>When to refresh: ahead of expiry by 30 s, or by half the lifetime for short-lived tokens.</summary>
    public DateTimeOffset AccessTokenRefreshAt { get; set; }

    /// <summary>UTC. A DateTime, not DateTimeOffset, so that SQLite can compare it in a query.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The browser's network address at the launch (the balancer's forwarded one behind a proxy): audit entries carry it.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>
    /// Set when the launch ended (the EHR refused it or its tokens expired for good, or it sat unused too long): its
    /// tokens are erased at that moment and the user must relaunch from the chart.
    /// </summary>
    public bool Ended { get; set; }

    /// <summary>UTC; the last time a page or an EHR call used the launch (kept to the minute). An idle launch ends.</summary>
    public DateTime LastUsedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
