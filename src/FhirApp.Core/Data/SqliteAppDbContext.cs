using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data;

/// <summary>The app's model on SQLite; its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options)
{
    /// <summary>What AddAppData registers as the IDbContextFactory for AppDbContext on SQLite.</summary>
    public sealed class Factory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new SqliteAppDbContext(options);
    }
}
