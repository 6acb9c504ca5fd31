using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>SQLite unless the provider says PostgreSQL; both use the same model, each with its own migrations.</summary>
    public static IServiceCollection AddAppData(this IServiceCollection services, string provider, string connectionString)
    {
        var postgres = provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        if (!postgres && !provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or PostgreSQL, not '{provider}'.");
        }
        // The factory serves Blazor circuits (a context per operation); it also registers AppDbContext as scoped. It
        // creates the provider's context type, whose migrations Database.MigrateAsync applies.
        if (postgres)
        {
            services.AddDbContextFactory<AppDbContext, PostgreSqlAppDbContext.Factory>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            services.AddDbContextFactory<AppDbContext, SqliteAppDbContext.Factory>(o => o.UseSqlite(connectionString));
        }
        return services;
    }
}
