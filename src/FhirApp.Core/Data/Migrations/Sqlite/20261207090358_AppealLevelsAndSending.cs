using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppealLevelsAndSending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AppealLevel",
                table: "DenialWorkItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Decision",
                table: "DenialWorkItems",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Acknowledgement",
                table: "Appeals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgementDetail",
                table: "Appeals",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Appeals",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FiledAt",
                table: "Appeals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LevelNumber",
                table: "Appeals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Lines",
                table: "Appeals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OutcomeDate",
                table: "Appeals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutcomeReference",
                table: "Appeals",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PriorDecision",
                table: "Appeals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PriorReference",
                table: "Appeals",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // Before this migration an appeal marked sent had only been filed in the chart (a DocumentReference on the
            // EHR): nothing had reached the payer. Those rows now say so; their filing date is kept.
            migrationBuilder.Sql("UPDATE \"Appeals\" SET \"Status\" = 'Filed', \"FiledAt\" = \"SubmittedAt\", \"SubmittedAt\" = NULL WHERE \"Status\" = 'Submitted'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE \"Appeals\" SET \"Status\" = 'Submitted', \"SubmittedAt\" = \"FiledAt\" WHERE \"Status\" = 'Filed'");

            migrationBuilder.DropColumn(
                name: "AppealLevel",
                table: "DenialWorkItems");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "DenialWorkItems");

            migrationBuilder.DropColumn(
                name: "Acknowledgement",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "AcknowledgementDetail",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "FiledAt",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "LevelNumber",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "Lines",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "OutcomeDate",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "OutcomeReference",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "PriorDecision",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "PriorReference",
                table: "Appeals");
        }
    }
}
