using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orders.Api.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeyNamesItsOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "order_id",
                table: "idempotency_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_order_id",
                table: "idempotency_keys",
                column: "order_id",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_idempotency_keys_orders_order_id",
                table: "idempotency_keys",
                column: "order_id",
                principalTable: "orders",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_idempotency_keys_orders_order_id",
                table: "idempotency_keys");

            migrationBuilder.DropIndex(
                name: "ix_idempotency_keys_order_id",
                table: "idempotency_keys");

            migrationBuilder.DropColumn(
                name: "order_id",
                table: "idempotency_keys");
        }
    }
}
