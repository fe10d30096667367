using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Products.Api.Model;

namespace Products.Api.Infrastructure.EntityConfigurations;

internal sealed class ReservationEntityTypeConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);

        // The sweeper's query: reservations still held whose time is up.
        builder.HasIndex(r => r.ExpiresAt).HasFilter("status = 'Reserved'");

        builder.OwnsMany(r => r.Items, item =>
        {
            item.ToTable("reservation_items");
            item.WithOwner().HasForeignKey(i => i.ReservationId);
            item.HasKey(i => new { i.ReservationId, i.ProductId });
            item.Property(i => i.UnitPrice).HasPrecision(12, 2);
            item.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
            item.HasIndex(i => i.ProductId);
            item.ToTable(table => table.HasCheckConstraint("ck_reservation_items_quantity", "quantity > 0"));
        });
        builder.Navigation(r => r.Items).AutoInclude();
    }
}
