namespace FhirApp.IntegrationTests.Infrastructure;

/// <summary>Sandbox with 6-second access tokens: the app must refresh ahead of expiry (3 s margin) and after revocation.</summary>
public sealed class ShortTokenEnvironment : AppEnvironment
{
    protected override int AccessTokenLifetimeSeconds => 6;
}

/// <summary>One resource per page, so every search pages through `link.next` on the EHR's own origin.</summary>
public sealed class PagingEnvironment : AppEnvironment
{
    protected override int PageSize => 1;
}

/// <summary>A sandbox whose `link.next` points at a stranger's server.</summary>
public sealed class ForeignNextLinkEnvironment : AppEnvironment
{
    public RecordingListener Stranger { get; } = new();

    protected override string? NextLinkBaseUrl => Stranger.BaseUrl;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stranger.DisposeAsync();
    }

    protected override int PageSize => 1;
}

/// <summary>The app registered with client_secret_basic, the fallback for EHRs that offer nothing else.</summary>
public sealed class ClientSecretEnvironment : AppEnvironment
{
    protected override bool UseClientSecret => true;
}

/// <summary>Its own database, for tests that accept corrections and record authorizations (they change what the checks find).</summary>
public sealed class CorrectionsEnvironment : AppEnvironment;

/// <summary>A practice launch reads at most 3 claims, 2 per page: the limit stops the paging part-way.</summary>
public sealed class ClaimLimitEnvironment : AppEnvironment
{
    protected override int PageSize => 2;

    protected override int PracticeClaimLimit => 3;
}

/// <summary>An environment a test may take the EHR down in.</summary>
public sealed class DisposableEhrEnvironment : AppEnvironment;

[CollectionDefinition(Name)]
public sealed class DefaultEnvironmentGroup : ICollectionFixture<AppEnvironment>
{
    public const string Name = "default environment";
}

/// <summary>Its own database, for the denials queue tests (they store adjudications and change work items).</summary>
public sealed class DenialsEnvironment : AppEnvironment;
