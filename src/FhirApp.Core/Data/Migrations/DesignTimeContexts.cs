using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FhirApp.Core.Data.Migrations;

/// <summary>
/// How `dotnet ef` builds each provider's context (add.sh passes --context). Adding a migration never opens these
/// connections; `dotnet ef database update` would, so point FHIRAPP_EF_CONNECTION at a database for that.
/// </summary>
public sealed class DesignTimeContexts : IDesignTimeDbContextFactory<SqliteAppDbContext>, IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    private static string? Connection => Environment.GetEnvironmentVariable("FHIRAPP_EF_CONNECTION");

    SqliteAppDbContext IDesignTimeDbContextFactory<SqliteAppDbContext>.CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(Connection ?? "Data Source=fhirapp-design.db").Options);

    PostgreSqlAppDbContext IDesignTimeDbContextFactory<PostgreSqlAppDbContext>.CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(Connection ?? "Host=localhost;Database=fhirapp").Options);
}
