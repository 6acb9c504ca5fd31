using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RiskScoreOverrides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OverridesJson",
                table: "ModelVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RiskOverrides",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tenant = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimId = table.Column<string>(type: "TEXT", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersion = table.Column<string>(type: "TEXT", nullable: false),
                    ExpectsPaid = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskOverrides", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RiskOverrides_Tenant_ClaimId",
                table: "RiskOverrides",
                columns: new[] { "Tenant", "ClaimId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RiskOverrides");

            migrationBuilder.DropColumn(
                name: "OverridesJson",
                table: "ModelVersions");
        }
    }
}
