using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Products.Api.Model;

namespace Products.Api.Infrastructure.EntityConfigurations;

internal sealed class ProductImageEntityTypeConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> builder)
    {
        builder.HasKey(i => i.ProductId);
        builder.Property(i => i.ContentType).HasMaxLength(32);
        builder.Property(i => i.Version).HasMaxLength(32);

        // Products are removed by marking them deleted, which removes their picture too (ProductEditor.DeleteAsync);
        // the cascade is for a product row that is really deleted.
        builder.HasOne<Product>().WithOne().HasForeignKey<ProductImage>(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
