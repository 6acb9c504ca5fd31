using FhirApp.Core.Denials;
using Microsoft.EntityFrameworkCore;

namespace FhirApp.Core.Data;

/// <summary>
/// All app state. One model for SQLite (embedded default) and PostgreSQL (production); each engine has its own migration
/// set, so the context is created as <see cref="SqliteAppDbContext"/> or <see cref="PostgreSqlAppDbContext"/> (the EF Core
/// pattern "one context type per provider") while services keep asking for AppDbContext.
/// </summary>
public abstract class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<LaunchSession> Launches => Set<LaunchSession>();

    public DbSet<PendingAuthorization> PendingAuthorizations => Set<PendingAuthorization>();

    public DbSet<StoredDataProtectionKey> DataProtectionKeys => Set<StoredDataProtectionKey>();

    public DbSet<FindingOverride> FindingOverrides => Set<FindingOverride>();

    public DbSet<RuleSwitch> RuleSwitches => Set<RuleSwitch>();

    public DbSet<PracticeCostSetting> PracticeCostSettings => Set<PracticeCostSetting>();

    public DbSet<LoggedAuthorization> LoggedAuthorizations => Set<LoggedAuthorization>();

    public DbSet<ClaimCorrection> ClaimCorrections => Set<ClaimCorrection>();

    public DbSet<IntakeCheckpoint> IntakeCheckpoints => Set<IntakeCheckpoint>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<JobRunError> JobRunErrors => Set<JobRunError>();


    public DbSet<StoredAdjudication> StoredAdjudications => Set<StoredAdjudication>();

    public DbSet<AdjudicationIntakeError> AdjudicationIntakeErrors => Set<AdjudicationIntakeError>();

    public DbSet<DenialWorkItem> DenialWorkItems => Set<DenialWorkItem>();

    public DbSet<DenialWorkNote> DenialWorkNotes => Set<DenialWorkNote>();

    public DbSet<AppealRecord> Appeals => Set<AppealRecord>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<RiskOverride> RiskOverrides => Set<RiskOverride>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<EligibilityCheck> EligibilityChecks => Set<EligibilityCheck>();

    public DbSet<LearnedRuleBookVersion> LearnedRuleBooks => Set<LearnedRuleBookVersion>();

    public DbSet<LearnedRuleDecision> LearnedRuleDecisions => Set<LearnedRuleDecision>();

    public DbSet<ClaimFindingSnapshot> ClaimFindingSnapshots => Set<ClaimFindingSnapshot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LaunchSession>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.SessionId).HasMaxLength(64);
            e.Property(x => x.RegistrationId).HasMaxLength(64);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.HasIndex(x => x.SessionId);
            e.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        });
        modelBuilder.Entity<PendingAuthorization>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.HasIndex(x => x.ExpiresAt);
        });
        modelBuilder.Entity<StoredDataProtectionKey>(e => e.HasKey(x => x.Id));
        modelBuilder.Entity<EligibilityCheck>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.PatientId, x.PayerKey, x.CheckedAt });
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.PatientId).HasMaxLength(64);
            e.Property(x => x.PayerKey).HasMaxLength(80);
            e.Property(x => x.ClaimId).HasMaxLength(64);
            e.Property(x => x.Route).HasMaxLength(8);
            e.Property(x => x.CheckedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<FindingOverride>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.ClaimId, x.RuleId, x.LineSequence }).IsUnique();
            e.Property(x => x.Reason).HasMaxLength(2000);
        });
        modelBuilder.Entity<LearnedRuleBookVersion>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.Number }).IsUnique();
            e.Property(x => x.ContentHash).HasMaxLength(32);
            e.Property(x => x.Trigger).HasMaxLength(200);
        });
        modelBuilder.Entity<ClaimFindingSnapshot>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.ClaimId, x.ClaimVersion }).IsUnique();
            e.Property(x => x.ClaimId).HasMaxLength(128);
            e.Property(x => x.ClaimVersion).HasMaxLength(64);
        });
        modelBuilder.Entity<LearnedRuleDecision>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.RuleId, x.Id });
            e.Property(x => x.RuleId).HasMaxLength(400);
            e.Property(x => x.Reason).HasMaxLength(2000);
        });
        modelBuilder.Entity<RuleSwitch>(e => e.HasIndex(x => new { x.Tenant, x.PayerId, x.RuleId, x.ChangedAt }));
        modelBuilder.Entity<PracticeCostSetting>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.ChangedAt });
            e.Property(x => x.ReworkCostPerClaim).HasPrecision(9, 2);
        });
        modelBuilder.Entity<FindingOverride>(e => e.HasIndex(x => new { x.Tenant, x.PayerId, x.RuleId, x.DecidedAt }));
        modelBuilder.Entity<LoggedAuthorization>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.PatientId });
            e.Property(x => x.Number).HasMaxLength(64);
            e.Property(x => x.ProcedureCode).HasMaxLength(16);
            e.Property(x => x.Units).HasPrecision(9, 2);
        });
        modelBuilder.Entity<ClaimCorrection>(e => e.HasIndex(x => new { x.Tenant, x.ClaimId, x.Id }));
        modelBuilder.Entity<RiskOverride>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.ClaimId }).IsUnique();
            e.Property(x => x.Reason).HasMaxLength(2000);
        });
        Configurations.IntakeConfiguration.Configure(modelBuilder);
        Configurations.AppealConfiguration.Configure(modelBuilder);
        Configurations.AuditConfiguration.Configure(modelBuilder);

        modelBuilder.Entity<StoredAdjudication>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.ResourceType, x.ResourceId, x.VersionId }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.IsCurrent, x.ClaimId });
            e.Property(x => x.Submitted).HasPrecision(12, 2);
            e.Property(x => x.Paid).HasPrecision(12, 2);
            e.Property(x => x.PayerName).HasMaxLength(200);
            e.Property(x => x.ProviderName).HasMaxLength(200);
        });
        modelBuilder.Entity<AdjudicationIntakeError>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.RecordedAt });
            e.Property(x => x.Error).HasMaxLength(2000);
        });
        modelBuilder.Entity<DenialWorkItem>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.AdjudicationType, x.EobId, x.Line }).IsUnique();
            e.HasIndex(x => new { x.Tenant, x.Status });
            e.Property(x => x.Amount).HasPrecision(12, 2);
            // Enums as text: readable in the database and stable if members are reordered.
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Owner).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Route).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Decision).HasMaxLength(400);
            e.Property(x => x.Status).HasConversion(s => DenialStatusMachine.Stored(s), s => DenialStatusMachine.FromStored(s)).HasMaxLength(32);
            e.HasMany(x => x.Notes).WithOne().HasForeignKey(n => n.WorkItemId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DenialWorkNote>(e => e.Property(x => x.Text).HasMaxLength(4000));
        modelBuilder.Entity<ModelVersion>(e =>
        {
            e.HasIndex(x => new { x.Tenant, x.Number }).IsUnique();
            // One live version per practice, enforced by the database: "IsLive" alone is a valid filter on both engines.
            e.HasIndex(x => x.Tenant).IsUnique().HasFilter("\"IsLive\"").HasDatabaseName("IX_ModelVersions_Tenant_Live");
            e.Property(x => x.Tenant).HasMaxLength(64);
            e.Property(x => x.ModelId).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.Trigger).HasMaxLength(200);
            e.Property(x => x.PromotedBy).HasMaxLength(200);
        });
    }
}
