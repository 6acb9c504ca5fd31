using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PracticeCostAndRemittanceNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PayerName",
                table: "StoredAdjudications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderName",
                table: "StoredAdjudications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PracticeCostSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tenant = table.Column<string>(type: "TEXT", nullable: false),
                    ReworkCostPerClaim = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeCostSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeCostSettings_Tenant_ChangedAt",
                table: "PracticeCostSettings",
                columns: new[] { "Tenant", "ChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PracticeCostSettings");

            migrationBuilder.DropColumn(
                name: "PayerName",
                table: "StoredAdjudications");

            migrationBuilder.DropColumn(
                name: "ProviderName",
                table: "StoredAdjudications");
        }
    }
}
