using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirApp.Core.Tests.Data;

/// <summary>Start-up's schema step (AppSchema.MigrateAsync) on both engines, each with its own migration set.</summary>
public sealed class MigrationTests
{
    private static readonly DateTime At = new(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    [Engines]
    public async Task GivenEmptyDatabase_WhenMigrated_ThenEveryMigrationIsAppliedAndTheModelHasNoChangesWithoutAMigration(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine, migrate: false);
        await using var ctx = db.NewContext();

        await AppSchema.MigrateAsync(ctx, recreateUnversionedSqlite: false, NullLogger.Instance);

        ctx.Database.GetMigrations().ShouldNotBeEmpty();
        (await ctx.Database.GetAppliedMigrationsAsync()).ShouldBe(ctx.Database.GetMigrations());
        (await ctx.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        // The snapshot of this engine's migration set matches the model: a model change without add.sh fails here.
        ctx.Database.HasPendingModelChanges().ShouldBeFalse();
        // Every table of the model is there and answers a query.
        foreach (var table in ctx.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
#pragma warning disable EF1002 // table names come from our own model
            await ctx.Database.ExecuteSqlRawAsync($"SELECT * FROM \"{table}\" WHERE 1 = 0");
#pragma warning restore EF1002
        }
    }

    [Theory]
    [Engines]
    public async Task GivenMigratedDatabaseWithData_WhenTheAppStartsAgain_ThenNothingIsReappliedAndTheDataStays(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine, migrate: false);
        await using (var first = db.NewContext())
        {
            await AppSchema.MigrateAsync(first, recreateUnversionedSqlite: true, NullLogger.Instance);
            first.PendingAuthorizations.Add(new PendingAuthorization { Id = "state-1", ExpiresAt = At });
            await first.SaveChangesAsync();
        }

        await using var second = db.NewContext();
        await AppSchema.MigrateAsync(second, recreateUnversionedSqlite: true, NullLogger.Instance);

        (await second.Database.GetAppliedMigrationsAsync()).ShouldBe(second.Database.GetMigrations());
        (await second.PendingAuthorizations.SingleAsync()).Id.ShouldBe("state-1");
    }

    [Theory]
    [Engines]
    public async Task GivenDatabaseFromBeforeMigrations_WhenStartedOutsideDevelopment_ThenStartFailsNamingTheCauseAndKeepsTheData(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine, migrate: false);
        await using (var old = db.NewContext())
        {
            await old.Database.EnsureCreatedAsync(); // what FhirApp did before migrations
            old.PendingAuthorizations.Add(new PendingAuthorization { Id = "state-1", ExpiresAt = At });
            await old.SaveChangesAsync();
        }
        await using var ctx = db.NewContext();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => AppSchema.MigrateAsync(ctx, recreateUnversionedSqlite: false, NullLogger.Instance));

        error.Message.ShouldContain("created by an older FhirApp without migrations");
        error.Message.ShouldContain("PendingAuthorizations");
        error.Message.ShouldContain("__EFMigrationsHistory");
        (await ctx.PendingAuthorizations.CountAsync()).ShouldBe(1);
        (await ctx.Database.GetAppliedMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task GivenPostgreSqlDatabaseFromBeforeMigrations_WhenStartedInDevelopment_ThenStartStillFails()
    {
        await using var db = await TestDatabase.CreateAsync("PostgreSQL", migrate: false);
        await using (var old = db.NewContext())
        {
            await old.Database.EnsureCreatedAsync();
        }
        await using var ctx = db.NewContext();

        // Only an embedded SQLite development database is disposable; a PostgreSQL one may be shared.
        await Should.ThrowAsync<InvalidOperationException>(() => AppSchema.MigrateAsync(ctx, recreateUnversionedSqlite: true, NullLogger.Instance));
    }

    [Fact]
    public async Task GivenSqliteDatabaseFromBeforeMigrations_WhenStartedInDevelopment_ThenItIsRecreatedWithMigrations()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using (var old = db.NewContext())
        {
            await old.Database.EnsureCreatedAsync();
            old.PendingAuthorizations.Add(new PendingAuthorization { Id = "state-1", ExpiresAt = At });
            await old.SaveChangesAsync();
        }
        await using var ctx = db.NewContext();

        await AppSchema.MigrateAsync(ctx, recreateUnversionedSqlite: true, NullLogger.Instance);

        (await ctx.Database.GetAppliedMigrationsAsync()).ShouldBe(ctx.Database.GetMigrations());
        (await ctx.PendingAuthorizations.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [Engines]
    public async Task GivenNewDatabaseHoldingAnotherComponentsTable_WhenMigrated_ThenItIsNotMistakenForAnOldFhirAppDatabase(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine, migrate: false);
        await using var ctx = db.NewContext();
        // E.g. Quartz's job store, which provisions its qrtz_ tables itself.
        await ctx.Database.ExecuteSqlRawAsync("CREATE TABLE qrtz_locks (sched_name VARCHAR(120) NOT NULL, lock_name VARCHAR(40) NOT NULL)");

        await AppSchema.MigrateAsync(ctx, recreateUnversionedSqlite: false, NullLogger.Instance);

        (await ctx.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }
}
