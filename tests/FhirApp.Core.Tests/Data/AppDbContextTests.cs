using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Tests.Data;

public sealed class AppDbContextTests
{
    private static LaunchSession Launch(string id, string session) => new()
    {
        Id = id,
        SessionId = session,
        RegistrationId = "sandbox",
        PatientId = "p1",
        GrantedScopes = "launch patient/Claim.rs",
        AccessTokenProtected = "protected-access",
        RefreshTokenProtected = "protected-refresh",
        AccessTokenExpiresAt = new DateTimeOffset(2026, 11, 23, 12, 5, 0, TimeSpan.Zero),
        AccessTokenRefreshAt = new DateTimeOffset(2026, 11, 23, 12, 4, 30, TimeSpan.Zero),
        CreatedAt = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc),
    };

    [Theory]
    [Engines]
    public async Task GivenLaunch_WhenStoredAndReadInANewContext_ThenEveryFieldRoundTrips(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var original = Launch("l1", "s1");
        await using (var write = db.NewContext())
        {
            write.Launches.Add(original);
            await write.SaveChangesAsync();
        }

        await using var read = db.NewContext();
        var stored = await read.Launches.SingleAsync(l => l.Id == "l1");

        stored.ShouldBeEquivalentTo(original);
    }

    [Theory]
    [Engines]
    public async Task GivenPendingAuthorization_WhenTwoCallbacksConsumeIt_ThenOnlyTheFirstSucceeds(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using (var seed = db.NewContext())
        {
            seed.PendingAuthorizations.Add(new PendingAuthorization { Id = "state-1", ExpiresAt = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await seed.SaveChangesAsync();
        }
        await using var first = db.NewContext();
        await using var second = db.NewContext();
        var a = await first.PendingAuthorizations.FindAsync("state-1");
        var b = await second.PendingAuthorizations.FindAsync("state-1");

        first.PendingAuthorizations.Remove(a!);
        await first.SaveChangesAsync();
        second.PendingAuthorizations.Remove(b!);

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Theory]
    [Engines]
    public async Task GivenTwoWritersOfOneLaunch_WhenBothSaveTokens_ThenTheSecondIsRejectedByTheConcurrencyStamp(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using (var seed = db.NewContext())
        {
            seed.Launches.Add(Launch("l1", "s1"));
            await seed.SaveChangesAsync();
        }
        await using var first = db.NewContext();
        await using var second = db.NewContext();
        var a = await first.Launches.SingleAsync();
        var b = await second.Launches.SingleAsync();

        a.AccessTokenProtected = "new-1";
        a.ConcurrencyStamp = Guid.NewGuid();
        await first.SaveChangesAsync();
        b.AccessTokenProtected = "new-2";
        b.ConcurrencyStamp = Guid.NewGuid();

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Theory]
    [Engines]
    public async Task GivenExpiredAndLivePendingAuthorizations_WhenExpiredOnesAreDeletedInOneQuery_ThenOnlyLiveOnesRemain(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        await using (var seed = db.NewContext())
        {
            seed.PendingAuthorizations.AddRange(
                new PendingAuthorization { Id = "old", ExpiresAt = now.AddMinutes(-1) },
                new PendingAuthorization { Id = "live", ExpiresAt = now.AddMinutes(9) });
            await seed.SaveChangesAsync();
        }

        await using var ctx = db.NewContext();
        var deleted = await ctx.PendingAuthorizations.Where(p => p.ExpiresAt < now).ExecuteDeleteAsync();

        deleted.ShouldBe(1);
        (await ctx.PendingAuthorizations.Select(p => p.Id).ToListAsync()).ShouldBe(["live"]);
    }
}
