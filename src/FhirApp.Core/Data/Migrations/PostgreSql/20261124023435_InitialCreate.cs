using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FhirApp.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdjudicationIntakeErrors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    ResourceType = table.Column<string>(type: "text", nullable: true),
                    ResourceId = table.Column<string>(type: "text", nullable: true),
                    VersionId = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdjudicationIntakeErrors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdjudicationReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ResourceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ResourceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    VersionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Deliveries = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdjudicationReceipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appeals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClaimId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: true),
                    PayerId = table.Column<string>(type: "text", nullable: true),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Level = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    CriteriaTotal = table.Column<int>(type: "integer", nullable: false),
                    CriteriaFound = table.Column<int>(type: "integer", nullable: false),
                    Html = table.Column<string>(type: "text", nullable: true),
                    Unbacked = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PacketDocument = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OutcomeAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appeals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ClaimCorrections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    RuleId = table.Column<string>(type: "text", nullable: false),
                    LineSequence = table.Column<int>(type: "integer", nullable: false),
                    Why = table.Column<string>(type: "text", nullable: false),
                    ChangesJson = table.Column<string>(type: "text", nullable: false),
                    DraftJson = table.Column<string>(type: "text", nullable: false),
                    AcceptedBy = table.Column<string>(type: "text", nullable: false),
                    LaunchId = table.Column<string>(type: "text", nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimCorrections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DenialWorkItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: true),
                    PayerId = table.Column<string>(type: "text", nullable: true),
                    Provider = table.Column<string>(type: "text", nullable: true),
                    RenderingProvider = table.Column<string>(type: "text", nullable: true),
                    Procedure = table.Column<string>(type: "text", nullable: true),
                    AdjudicationType = table.Column<string>(type: "text", nullable: false),
                    EobId = table.Column<string>(type: "text", nullable: false),
                    EobVersion = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Owner = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Carc = table.Column<string>(type: "text", nullable: true),
                    GroupCode = table.Column<string>(type: "text", nullable: true),
                    Rarc = table.Column<string>(type: "text", nullable: true),
                    ErrorCode = table.Column<string>(type: "text", nullable: true),
                    Rule = table.Column<string>(type: "text", nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ServiceDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    DeadlineLevel = table.Column<string>(type: "text", nullable: true),
                    Route = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ClearedByPayer = table.Column<bool>(type: "boolean", nullable: false),
                    Assignee = table.Column<string>(type: "text", nullable: true),
                    NextAction = table.Column<string>(type: "text", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DenialWorkItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FindingOverrides",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    PayerId = table.Column<string>(type: "text", nullable: true),
                    RuleId = table.Column<string>(type: "text", nullable: false),
                    LineSequence = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingOverrides", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntakeCheckpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ResourceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastUpdated = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SeenAtLastUpdated = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConcurrencyStamp = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobRunErrors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobRunId = table.Column<long>(type: "bigint", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ResourceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ResourceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRunErrors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Job = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Pages = table.Column<int>(type: "integer", nullable: false),
                    Resources = table.Column<int>(type: "integer", nullable: false),
                    Stored = table.Column<int>(type: "integer", nullable: false),
                    Errors = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Launches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SessionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegistrationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: true),
                    EncounterId = table.Column<string>(type: "text", nullable: true),
                    FhirContextJson = table.Column<string>(type: "text", nullable: true),
                    NeedPatientBanner = table.Column<bool>(type: "boolean", nullable: false),
                    Intent = table.Column<string>(type: "text", nullable: true),
                    SmartStyleUrl = table.Column<string>(type: "text", nullable: true),
                    Tenant = table.Column<string>(type: "text", nullable: true),
                    FhirUser = table.Column<string>(type: "text", nullable: true),
                    GrantedScopes = table.Column<string>(type: "text", nullable: false),
                    AccessTokenProtected = table.Column<string>(type: "text", nullable: false),
                    RefreshTokenProtected = table.Column<string>(type: "text", nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AccessTokenRefreshAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Ended = table.Column<bool>(type: "boolean", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Launches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LoggedAuthorizations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    PayerId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Units = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    End = table.Column<DateOnly>(type: "date", nullable: false),
                    EnteredBy = table.Column<string>(type: "text", nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoggedAuthorizations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ModelVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    ModelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Trigger = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Trainer = table.Column<string>(type: "text", nullable: true),
                    ColdStart = table.Column<bool>(type: "boolean", nullable: false),
                    HistoryFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    HistoryTo = table.Column<DateOnly>(type: "date", nullable: true),
                    HistoryClaims = table.Column<int>(type: "integer", nullable: false),
                    HistoryDenials = table.Column<int>(type: "integer", nullable: false),
                    Features = table.Column<string>(type: "text", nullable: false),
                    MetricsJson = table.Column<string>(type: "text", nullable: true),
                    Files = table.Column<byte[]>(type: "bytea", nullable: true),
                    IsLive = table.Column<bool>(type: "boolean", nullable: false),
                    PromotedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PromotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PendingAuthorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingAuthorizations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RuleSwitches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    PayerId = table.Column<string>(type: "text", nullable: false),
                    RuleId = table.Column<string>(type: "text", nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    ChangedBy = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleSwitches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredAdjudications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    ResourceType = table.Column<string>(type: "text", nullable: false),
                    ResourceId = table.Column<string>(type: "text", nullable: false),
                    VersionId = table.Column<string>(type: "text", nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: true),
                    Use = table.Column<string>(type: "text", nullable: true),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: true),
                    PayerId = table.Column<string>(type: "text", nullable: true),
                    Provider = table.Column<string>(type: "text", nullable: true),
                    RenderingProvider = table.Column<string>(type: "text", nullable: true),
                    ProcedureCodes = table.Column<string>(type: "text", nullable: true),
                    DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ServiceDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Submitted = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    Paid = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    DenialLines = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredAdjudications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DenialWorkNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkItemId = table.Column<long>(type: "bigint", nullable: false),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    Representative = table.Column<string>(type: "text", nullable: true),
                    ReferenceNumber = table.Column<string>(type: "text", nullable: true),
                    NextStep = table.Column<string>(type: "text", nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Author = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DenialWorkNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DenialWorkNotes_DenialWorkItems_WorkItemId",
                        column: x => x.WorkItemId,
                        principalTable: "DenialWorkItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdjudicationIntakeErrors_Tenant_RecordedAt",
                table: "AdjudicationIntakeErrors",
                columns: new[] { "Tenant", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AdjudicationReceipts_Tenant_ResourceType_ResourceId_Version~",
                table: "AdjudicationReceipts",
                columns: new[] { "Tenant", "ResourceType", "ResourceId", "VersionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_Tenant_ClaimId_Level",
                table: "Appeals",
                columns: new[] { "Tenant", "ClaimId", "Level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_Tenant_Status",
                table: "Appeals",
                columns: new[] { "Tenant", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ClaimCorrections_Tenant_ClaimId_Id",
                table: "ClaimCorrections",
                columns: new[] { "Tenant", "ClaimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DenialWorkItems_Tenant_AdjudicationType_EobId_Line",
                table: "DenialWorkItems",
                columns: new[] { "Tenant", "AdjudicationType", "EobId", "Line" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DenialWorkItems_Tenant_Status",
                table: "DenialWorkItems",
                columns: new[] { "Tenant", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DenialWorkNotes_WorkItemId",
                table: "DenialWorkNotes",
                column: "WorkItemId");

            migrationBuilder.CreateIndex(
                name: "IX_FindingOverrides_Tenant_ClaimId_RuleId_LineSequence",
                table: "FindingOverrides",
                columns: new[] { "Tenant", "ClaimId", "RuleId", "LineSequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FindingOverrides_Tenant_PayerId_RuleId_DecidedAt",
                table: "FindingOverrides",
                columns: new[] { "Tenant", "PayerId", "RuleId", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeCheckpoints_Tenant_Source_ResourceType",
                table: "IntakeCheckpoints",
                columns: new[] { "Tenant", "Source", "ResourceType" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobRunErrors_JobRunId",
                table: "JobRunErrors",
                column: "JobRunId");

            migrationBuilder.CreateIndex(
                name: "IX_JobRunErrors_Tenant_Source_ResolvedAt",
                table: "JobRunErrors",
                columns: new[] { "Tenant", "Source", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Tenant_Job_Id",
                table: "JobRuns",
                columns: new[] { "Tenant", "Job", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Launches_SessionId",
                table: "Launches",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_LoggedAuthorizations_Tenant_PatientId",
                table: "LoggedAuthorizations",
                columns: new[] { "Tenant", "PatientId" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Tenant_Live",
                table: "ModelVersions",
                column: "Tenant",
                unique: true,
                filter: "\"IsLive\"");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_Tenant_Number",
                table: "ModelVersions",
                columns: new[] { "Tenant", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PendingAuthorizations_ExpiresAt",
                table: "PendingAuthorizations",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_RuleSwitches_Tenant_PayerId_RuleId_ChangedAt",
                table: "RuleSwitches",
                columns: new[] { "Tenant", "PayerId", "RuleId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StoredAdjudications_Tenant_IsCurrent_ClaimId",
                table: "StoredAdjudications",
                columns: new[] { "Tenant", "IsCurrent", "ClaimId" });

            migrationBuilder.CreateIndex(
                name: "IX_StoredAdjudications_Tenant_ResourceType_ResourceId_VersionId",
                table: "StoredAdjudications",
                columns: new[] { "Tenant", "ResourceType", "ResourceId", "VersionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdjudicationIntakeErrors");

            migrationBuilder.DropTable(
                name: "AdjudicationReceipts");

            migrationBuilder.DropTable(
                name: "Appeals");

            migrationBuilder.DropTable(
                name: "ClaimCorrections");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DenialWorkNotes");

            migrationBuilder.DropTable(
                name: "FindingOverrides");

            migrationBuilder.DropTable(
                name: "IntakeCheckpoints");

            migrationBuilder.DropTable(
                name: "JobRunErrors");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "Launches");

            migrationBuilder.DropTable(
                name: "LoggedAuthorizations");

            migrationBuilder.DropTable(
                name: "ModelVersions");

            migrationBuilder.DropTable(
                name: "PendingAuthorizations");

            migrationBuilder.DropTable(
                name: "RuleSwitches");

            migrationBuilder.DropTable(
                name: "StoredAdjudications");

            migrationBuilder.DropTable(
                name: "DenialWorkItems");
        }
    }
}
