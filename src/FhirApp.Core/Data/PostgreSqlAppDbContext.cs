using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data;

/// <summary>The app's model on PostgreSQL; its migrations are in Data/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options)
{
    /// <summary>What AddAppData registers as the IDbContextFactory for AppDbContext on PostgreSQL.</summary>
    public sealed class Factory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new PostgreSqlAppDbContext(options);
    }
}
