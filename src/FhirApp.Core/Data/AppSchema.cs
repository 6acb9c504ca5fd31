using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace FhirApp.Core.Data;

/// <summary>Brings the database to the model at start-up: the provider's EF Core migrations (Data/Migrations).</summary>
public static class AppSchema
{
    /// <summary>
    /// Applies pending migrations. A database made by a FhirApp from before migrations (EnsureCreated: the app's tables,
    /// no migration history) cannot be migrated: with <paramref name="recreateUnversionedSqlite"/> (development) a SQLite
    /// one is deleted and rebuilt with a warning; anything else stops start-up with what to do.
    /// </summary>
    public static async Task MigrateAsync(AppDbContext db, bool recreateUnversionedSqlite, ILogger logger, CancellationToken ct = default)
    {
        if (await UnversionedTablesAsync(db, ct) is { Count: > 0 } tables)
        {
            if (!recreateUnversionedSqlite || !db.Database.IsSqlite())
            {
                throw new InvalidOperationException(
                    $"The database was created by an older FhirApp without migrations: it has the app's tables ({string.Join(", ", tables)}) " +
                    "but no __EFMigrationsHistory, so its schema cannot be upgraded in place. Point ConnectionStrings:FhirApp at a new, empty " +
                    "database (FhirApp creates the schema at start), or drop these tables.");
            }
            logger.LogWarning("The development database predates migrations ({Count} tables, no history); recreating it", tables.Count);
            await db.Database.EnsureDeletedAsync(ct);
        }
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            // Npgsql's migrator reads the history before creating its table, and EF Core logs that failed read as an error
            // on every new database (npgsql/efcore.pg#3407); the migrator's own CREATE TABLE IF NOT EXISTS, done first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The model's tables present in a database that has no migration history (none for a new or a migrated database).</summary>
    internal static async Task<List<string>> UnversionedTablesAsync(AppDbContext db, CancellationToken ct)
    {
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return [];
        }
        // Only the model's own tables count: other tables in the same database (e.g. Quartz's qrtz_*) are not ours. The
        // history table is looked up here, not read: reading a missing one fails a command, which EF Core logs as an error.
        var existing = await db.Database.SqlQueryRaw<string>(db.Database.IsSqlite()
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()").ToListAsync(ct);
        if (existing.Contains(HistoryRepository.DefaultTableName, StringComparer.Ordinal))
        {
            return [];
        }
        return db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()
            .Where(t => existing.Contains(t, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }
}
