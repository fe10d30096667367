using Ecommerce.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Products.Api.Model;

namespace Products.Api.Infrastructure.EntityConfigurations;

internal sealed class ProductChangeEntityTypeConfiguration : IEntityTypeConfiguration<ProductChange>
{
    public void Configure(EntityTypeBuilder<ProductChange> builder)
    {
        builder.ToTable("product_changes");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Change).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Actor).HasJsonbConversion();
        builder.Property(c => c.Fields).HasJsonbConversion();

        // A product's log, newest first, is one backward range of this index. No foreign key: the log outlives its product.
        builder.HasIndex(c => new { c.ProductId, c.At, c.Id });
    }
}
