using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orders.Api.Model;

namespace Orders.Api.Infrastructure.EntityConfigurations;

internal sealed class OrderEntityTypeConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.UserId).HasMaxLength(512);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Reservation).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Total).HasPrecision(14, 2);
        builder.Property(o => o.Version).IsRowVersion();

        builder.HasIndex(o => new { o.UserId, o.Id });
        builder.HasIndex(o => new { o.Status, o.Id });

        // The reconciler's query: orders whose reservation is not settled yet.
        builder.HasIndex(o => o.CreatedAt).HasFilter("reservation IN ('Reserved', 'ReleasePending')").HasDatabaseName("ix_orders_unsettled");

        builder.OwnsMany(o => o.Items, item =>
        {
            item.ToTable("order_items");
            item.WithOwner().HasForeignKey("OrderId");
            item.HasKey("OrderId", nameof(OrderItem.ProductId));
            item.Property(i => i.UnitPrice).HasPrecision(12, 2);
            item.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
            item.Ignore(i => i.LineTotal);
        });

        builder.OwnsMany(o => o.StatusHistory, change =>
        {
            change.ToTable("order_status_history");
            change.WithOwner().HasForeignKey("OrderId");
            change.Property<long>("Id").UseIdentityAlwaysColumn();
            change.HasKey("Id");
            change.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            change.Property(c => c.Actor).HasJsonbConversion();
        });

        builder.Navigation(o => o.Items).AutoInclude();
        builder.Navigation(o => o.StatusHistory).AutoInclude();
    }
}
