using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.Api.Model;

namespace Orders.Api.Infrastructure.EntityConfigurations;

internal sealed class IdempotencyRecordEntityTypeConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.UserId).HasMaxLength(128);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        // Text, not jsonb: a replay must be the first answer byte for byte, and jsonb reorders keys.
        builder.Property(r => r.ResponseBody).HasColumnType("text");
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<Order>().WithOne().HasForeignKey<IdempotencyRecord>(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
