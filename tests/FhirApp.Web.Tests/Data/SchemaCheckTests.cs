using FhirApp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Web.Tests.Data;

/// <summary>EnsureCreated never alters an existing database: start-up must notice one made by an older FhirApp.</summary>
public sealed class SchemaCheckTests
{
    [Fact]
    public async Task GivenDatabasesMissingATableOrAColumn_WhenChecked_ThenExactlyThoseTablesAreNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fhirapp-schema-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
            await db.Database.EnsureCreatedAsync();
            (await FhirAppHost.MissingTablesAsync(db)).ShouldBeEmpty();

            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"ClaimCorrections\" DROP COLUMN \"Why\"");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"LoggedAuthorizations\"");
            // The dashboard's procedure and rendering-provider columns, as a database from before them lacks.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"StoredAdjudications\" DROP COLUMN \"ProcedureCodes\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"DenialWorkItems\" DROP COLUMN \"RenderingProvider\"");

            (await FhirAppHost.MissingTablesAsync(db)).Order(StringComparer.Ordinal).ShouldBe(["ClaimCorrections", "DenialWorkItems", "LoggedAuthorizations", "StoredAdjudications"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
