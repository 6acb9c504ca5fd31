using FhirApp.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data.Configurations;

/// <summary>Audit entries: queried per practice by time, user and patient; enums as text.</summary>
internal static class AuditConfiguration
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(x => new { x.Tenant, x.RecordedAt });
            e.HasIndex(x => new { x.Tenant, x.Patient, x.RecordedAt });
            e.HasIndex(x => new { x.Tenant, x.User, x.RecordedAt });
            // Read coalescing looks up the launch's latest entry for a resource.
            e.HasIndex(x => new { x.Tenant, x.LaunchId, x.What, x.RecordedAt });
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.User).HasMaxLength(256);
            e.Property(x => x.LaunchId).HasMaxLength(64);
            e.Property(x => x.What).HasMaxLength(256);
            e.Property(x => x.Patient).HasMaxLength(128);
            e.Property(x => x.Purpose).HasMaxLength(64);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
        });
}
