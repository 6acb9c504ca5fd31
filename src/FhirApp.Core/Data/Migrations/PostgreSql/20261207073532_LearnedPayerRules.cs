using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FhirApp.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LearnedPayerRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LearnedRuleBooks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AdjudicatedClaims = table.Column<int>(type: "integer", nullable: false),
                    Rules = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnedRuleBooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearnedRuleDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    RuleId = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    PayerId = table.Column<string>(type: "text", nullable: false),
                    Confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RuleJson = table.Column<string>(type: "text", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnedRuleDecisions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LearnedRuleBooks_Tenant_Number",
                table: "LearnedRuleBooks",
                columns: new[] { "Tenant", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LearnedRuleDecisions_Tenant_RuleId_Id",
                table: "LearnedRuleDecisions",
                columns: new[] { "Tenant", "RuleId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LearnedRuleBooks");

            migrationBuilder.DropTable(
                name: "LearnedRuleDecisions");
        }
    }
}
