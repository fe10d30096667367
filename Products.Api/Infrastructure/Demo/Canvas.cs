namespace Products.Api.Infrastructure.Demo;

/// <summary>An RGB picture that shapes are painted on, in order, each over what is already there.</summary>
public sealed class Canvas
{
    private readonly float[] _rgb;

    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        _rgb = new float[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Every pixel, from <paramref name="topLeft"/> in one corner to <paramref name="bottomRight"/> in the other.</summary>
    public void Gradient(Colour topLeft, Colour bottomRight)
    {
        var span = (float)(Width + Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                Set(x, y, topLeft.Mix(bottomRight, (x + y) / span));
            }
        }
    }

    public void Fill(Shape shape, Colour colour, float opacity = 1, float softness = 1) =>
        Fill(shape, (_, _) => colour, opacity, softness);

    /// <summary>
    /// Paints <paramref name="shape"/> with a colour per point. Its edge fades over <paramref name="softness"/> pixels:
    /// one smooths it, more blurs it (a shadow).
    /// </summary>
    public void Fill(Shape shape, Func<float, float, Colour> paint, float opacity = 1, float softness = 1)
    {
        var area = shape.Bounds.Inflate(softness).Intersect(new Bounds(0, 0, Width, Height));
        for (var y = (int)MathF.Floor(area.Top); y < (int)MathF.Ceiling(area.Bottom); y++)
        {
            for (var x = (int)MathF.Floor(area.Left); x < (int)MathF.Ceiling(area.Right); x++)
            {
                var (centreX, centreY) = (x + 0.5f, y + 0.5f);
                var coverage = Math.Clamp(0.5f - shape.Distance(centreX, centreY) / softness, 0, 1) * opacity;
                if (coverage > 0)
                {
                    Set(x, y, Get(x, y).Mix(paint(centreX, centreY), coverage));
                }
            }
        }
    }

    public byte[] ToPng()
    {
        var bytes = new byte[_rgb.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)MathF.Round(Math.Clamp(_rgb[i], 0, 1) * 255);
        }

        return Png.Encode(Width, Height, bytes);
    }

    private Colour Get(int x, int y)
    {
        var i = (y * Width + x) * 3;
        return new(_rgb[i], _rgb[i + 1], _rgb[i + 2]);
    }

    private void Set(int x, int y, Colour colour)
    {
        var i = (y * Width + x) * 3;
        (_rgb[i], _rgb[i + 1], _rgb[i + 2]) = (colour.R, colour.G, colour.B);
    }
}
