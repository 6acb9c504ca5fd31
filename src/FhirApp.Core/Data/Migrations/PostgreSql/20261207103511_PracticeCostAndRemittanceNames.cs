using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FhirApp.Core.Data.Migrations.PostgreSql
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderName",
                table: "StoredAdjudications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PracticeCostSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Tenant = table.Column<string>(type: "text", nullable: false),
                    ReworkCostPerClaim = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    ChangedBy = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
