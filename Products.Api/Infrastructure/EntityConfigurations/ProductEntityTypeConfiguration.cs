using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Products.Api.Model;

namespace Products.Api.Infrastructure.EntityConfigurations;

internal sealed class ProductEntityTypeConfiguration : IEntityTypeConfiguration<Product>
{
    public const string UniqueSkuIndex = "ix_products_sku_key";

    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Sku).HasMaxLength(256);
        builder.Property(p => p.Name).HasMaxLength(1024);
        builder.Property(p => p.Category).HasMaxLength(1024);
        builder.Property(p => p.Price).HasPrecision(12, 2);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Version).IsRowVersion();

        // SKUs are unique whatever their case, among the products still in the catalog.
        builder.Property<string>("SkuKey").HasComputedColumnSql("lower(sku)", stored: true);
        builder.HasIndex("SkuKey").IsUnique().HasFilter("deleted_at IS NULL").HasDatabaseName(UniqueSkuIndex);
        // A category's page (keyset paging in id order) is one range of this index, however rare the category.
        builder.HasIndex(p => new { p.Category, p.Id }).HasFilter("deleted_at IS NULL");

        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_products_stock", "stock >= 0 AND reserved >= 0 AND committed >= 0");
            table.HasCheckConstraint("ck_products_price", "price >= 0");
        });

        builder.HasQueryFilter(p => p.DeletedAt == null);
    }
}
