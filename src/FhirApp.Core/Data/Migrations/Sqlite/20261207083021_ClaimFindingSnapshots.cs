using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimFindingSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClaimFindingSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Tenant = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ClaimVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    FindingsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimFindingSnapshots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClaimFindingSnapshots_Tenant_ClaimId_ClaimVersion",
                table: "ClaimFindingSnapshots",
                columns: new[] { "Tenant", "ClaimId", "ClaimVersion" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClaimFindingSnapshots");
        }
    }
}
