using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tenant = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MinedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AdjudicatedClaims = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnedRuleBooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LearnedRuleDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tenant = table.Column<string>(type: "TEXT", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    PayerId = table.Column<string>(type: "TEXT", nullable: false),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RuleJson = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
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
