using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data.Configurations;

/// <summary>Appeals: one per (tenant, claim, level); enums as text like the denial work items.</summary>
internal static class AppealConfiguration
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AppealRecord>(e =>
        {
            e.ToTable("Appeals");
            e.HasIndex(x => new { x.Tenant, x.ClaimId, x.Level }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.Status });
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.ClaimId).HasMaxLength(64);
            e.Property(x => x.Level).HasMaxLength(128);
            e.Property(x => x.Amount).HasPrecision(12, 2);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Lines).HasMaxLength(200);
            e.Property(x => x.PriorReference).HasMaxLength(100);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.Acknowledgement).HasMaxLength(200);
            e.Property(x => x.AcknowledgementDetail).HasMaxLength(4000);
            e.Property(x => x.OutcomeReference).HasMaxLength(100);
            e.Ignore(x => x.Completeness);
        });
}
