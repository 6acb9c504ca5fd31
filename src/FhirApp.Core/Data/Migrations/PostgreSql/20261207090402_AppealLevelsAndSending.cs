using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirApp.Core.Data.Migrations.PostgreSql
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Decision",
                table: "DenialWorkItems",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Acknowledgement",
                table: "Appeals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AcknowledgementDetail",
                table: "Appeals",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Appeals",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FiledAt",
                table: "Appeals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LevelNumber",
                table: "Appeals",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Lines",
                table: "Appeals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OutcomeDate",
                table: "Appeals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutcomeReference",
                table: "Appeals",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PriorDecision",
                table: "Appeals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PriorReference",
                table: "Appeals",
                type: "character varying(100)",
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
