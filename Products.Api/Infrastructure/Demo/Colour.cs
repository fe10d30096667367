using System.Globalization;

namespace Products.Api.Infrastructure.Demo;

/// <summary>An sRGB colour, each component from 0 to 1.</summary>
public readonly record struct Colour(float R, float G, float B)
{
    public static Colour White { get; } = new(1, 1, 1);

    public static Colour Black { get; } = new(0, 0, 0);

    /// <summary>From <c>#rrggbb</c>.</summary>
    public static Colour FromHex(string hex)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new((rgb >> 16) / 255f, ((rgb >> 8) & 0xFF) / 255f, (rgb & 0xFF) / 255f);
    }

    /// <summary>From hue (degrees, any number), saturation and lightness (0 to 1).</summary>
    public static Colour FromHsl(float hue, float saturation, float lightness)
    {
        var h = ((hue % 360) + 360) % 360 / 60;
        var chroma = (1 - Math.Abs(2 * lightness - 1)) * saturation;
        var second = chroma * (1 - Math.Abs(h % 2 - 1));
        var (r, g, b) = (int)h switch
        {
            0 => (chroma, second, 0f),
            1 => (second, chroma, 0f),
            2 => (0f, chroma, second),
            3 => (0f, second, chroma),
            4 => (second, 0f, chroma),
            _ => (chroma, 0f, second),
        };
        var m = lightness - chroma / 2;
        return new(r + m, g + m, b + m);
    }

    public float Hue
    {
        get
        {
            var max = Math.Max(R, Math.Max(G, B));
            var chroma = max - Math.Min(R, Math.Min(G, B));
            if (chroma == 0)
            {
                return 0;
            }

            var sector = max == R ? (G - B) / chroma : max == G ? (B - R) / chroma + 2 : (R - G) / chroma + 4;
            return (sector * 60 + 360) % 360;
        }
    }

    /// <summary>How light it looks (Rec. 709 luma): dark details go on light colours, light ones on dark.</summary>
    public float Luma => 0.2126f * R + 0.7152f * G + 0.0722f * B;

    public Colour Mix(Colour other, float amount) =>
        new(R + (other.R - R) * amount, G + (other.G - G) * amount, B + (other.B - B) * amount);

    public Colour Lighter(float amount) => Mix(White, amount);

    public Colour Darker(float amount) => Mix(Black, amount);
}
