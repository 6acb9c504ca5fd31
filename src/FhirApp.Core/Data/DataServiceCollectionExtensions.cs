using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirApp.Core.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>SQLite unless the provider says PostgreSQL; both use the same model.</summary>
    public static IServiceCollection AddAppData(this IServiceCollection services, string provider, string connectionString)
    {
        var postgres = provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        if (!postgres && !provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider must be Sqlite or PostgreSQL, not '{provider}'.");
        }
        // The factory serves Blazor circuits (a context per operation); it also registers AppDbContext as scoped.
        services.AddDbContextFactory<AppDbContext>(o =>
        {
            if (postgres)
            {
                o.UseNpgsql(connectionString);
            }
            else
            {
                o.UseSqlite(connectionString);
            }
        });
        return services;
    }
}
