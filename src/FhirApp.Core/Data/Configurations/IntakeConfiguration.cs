using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data.Configurations;

/// <summary>Checkpoints, job runs and errors of the background intake.</summary>
internal static class IntakeConfiguration
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IntakeCheckpoint>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.Source, x.ResourceType }).IsUnique();
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.ResourceType).HasMaxLength(64);
            e.Property(x => x.ConcurrencyStamp).HasMaxLength(32).IsConcurrencyToken();
        });
        modelBuilder.Entity<JobRun>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.Job, x.Id });
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.Job).HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(2000);
        });
        modelBuilder.Entity<JobRunError>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.Source, x.ResolvedAt });
            e.HasIndex(x => x.JobRunId);
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.Source).HasMaxLength(200);
            e.Property(x => x.ResourceType).HasMaxLength(64);
            e.Property(x => x.ResourceId).HasMaxLength(64);
            e.Property(x => x.Error).HasMaxLength(2000);
        });
    }
}
