using System.IO.Hashing;
using System.Text;

namespace Products.Api.Infrastructure.Demo;

/// <summary>
/// A demo product's picture: a soft gradient, a shadow, and its category's object in the product's colour (a T-shirt,
/// a shoe, a mug, books, a tent, dice). What varies within a category (a pattern, the faces of the dice) follows from
/// the product's name and SKU, never from chance, so that a product is drawn the same every time.
/// </summary>
public static class ProductPictures
{
    public const int Width = 480;

    public const int Height = 360;

    private static readonly Colour Cream = new(0.98f, 0.96f, 0.9f);

    public static byte[] Draw(DemoProduct product)
    {
        var canvas = new Canvas(Width, Height);
        var colour = Colour.FromHex(product.Colour);
        var variant = Crc32.HashToUInt32(Encoding.UTF8.GetBytes(product.Sku));
        canvas.Gradient(Colour.FromHsl(colour.Hue + 30, 0.6f, 0.94f), Colour.FromHsl(colour.Hue - 20, 0.45f, 0.8f));
        canvas.Fill(Shape.Ellipse(240, 296, 160, 16), Colour.Black, opacity: 0.2f, softness: 18);
        switch (product.Category)
        {
            case "apparel":
                TShirt(canvas, colour, product.Name);
                break;
            case "shoes":
                Shoe(canvas, colour, product.Name);
                break;
            case "kitchen":
                Mug(canvas, colour, product.Name, variant);
                break;
            case "books":
                Books(canvas, colour, variant);
                break;
            case "outdoor":
                Tent(canvas, colour, variant);
                break;
            default:
                Dice(canvas, colour, variant);
                break;
        }

        return canvas.ToPng();
    }

    private static void TShirt(Canvas canvas, Colour colour, string name)
    {
        var shirt = Shape.Polygon(
                (204, 80), (152, 98), (96, 150), (126, 194), (164, 176), (164, 284),
                (316, 284), (316, 176), (354, 194), (384, 150), (328, 98), (276, 80))
            .Grow(8)
            .Minus(Shape.Circle(240, 66, 40));
        Solid(canvas, shirt, colour, 84, 292);
        canvas.Fill(shirt.Intersect(Shape.Circle(240, 66, 49)), colour.Darker(0.25f));
        foreach (var (from, to) in new[] { ((100, 160), (130, 204)), ((380, 160), (350, 204)) })
        {
            canvas.Fill(shirt.Intersect(Shape.Line(from.Item1, from.Item2, to.Item1, to.Item2, 6)), colour.Darker(0.2f));
        }

        if (name.Contains("Striped", StringComparison.Ordinal))
        {
            for (var y = 128; y < 280; y += 28)
            {
                canvas.Fill(shirt.Intersect(Shape.Box(0, y, Width, y + 12)), Cream, opacity: 0.9f);
            }
        }
        else if (name.Contains("Pocket", StringComparison.Ordinal))
        {
            var pocket = Shape.Box(270, 146, 306, 188, 5);
            canvas.Fill(pocket.Grow(2), colour.Darker(0.3f));
            canvas.Fill(pocket, colour.Lighter(0.08f));
        }
        else
        {
            canvas.Fill(Shape.Circle(240, 170, 26).Minus(Shape.Circle(240, 170, 18)), Cream, opacity: 0.85f);
            canvas.Fill(Shape.Circle(240, 170, 9), Cream, opacity: 0.85f);
        }
    }

    private static void Shoe(Canvas canvas, Colour colour, string name)
    {
        var upper = Shape.Polygon(
                (124, 262), (120, 180), (152, 168), (194, 192), (230, 152), (262, 148),
                (300, 196), (350, 218), (384, 244), (386, 262))
            .Grow(8);
        var sole = Shape.Box(104, 258, 396, 290, 14);
        Solid(canvas, upper, colour, 140, 270);
        canvas.Fill(upper.Intersect(Shape.Circle(398, 270, 64)), colour.Lighter(0.18f));
        canvas.Fill(upper.Intersect(Shape.Box(100, 150, 152, 270)), colour.Darker(0.18f));
        var stripe = Shape.Polygon((168, 250), (228, 204), (250, 212), (196, 258)).Grow(3).Intersect(upper);
        canvas.Fill(stripe, colour.Luma < 0.5f ? Cream : colour.Darker(0.45f), opacity: 0.9f);
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = (250 + 14 * i, 164 + 13 * i);
            canvas.Fill(Shape.Line(x - 9, y + 10, x + 9, y - 10, 5), Cream);
        }

        var soleColour = name.Contains("Court", StringComparison.Ordinal) ? new Colour(0.78f, 0.6f, 0.38f) : Cream;
        canvas.Fill(sole.Grow(2), soleColour.Darker(0.3f));
        canvas.Fill(sole, soleColour);
        canvas.Fill(Shape.Line(116, 276, 384, 276, 2), soleColour.Darker(0.2f));
    }

    private static void Mug(Canvas canvas, Colour colour, string name, uint variant)
    {
        var (body, rim) = name switch
        {
            _ when name.Contains("Travel", StringComparison.Ordinal) => (Shape.Box(186, 110, 294, 290, 16), 0f),
            _ when name.Contains("Espresso", StringComparison.Ordinal) => (Shape.Box(176, 176, 286, 276, 20), 12f),
            _ => (Shape.Box(160, 118, 300, 288, 14), 12f),
        };
        var (left, top, right, bottom) = (body.Bounds.Left, body.Bounds.Top, body.Bounds.Right, body.Bounds.Bottom);
        var (handleY, handleSize) = ((top + bottom) / 2, (bottom - top) * 0.3f);
        var handle = Shape.Circle(right - 4, handleY, handleSize).Minus(Shape.Circle(right - 4, handleY, handleSize * 0.6f))
            .Minus(Shape.Box(0, 0, right - 4, Height));
        if (name.Contains("Espresso", StringComparison.Ordinal))
        {
            var saucer = Shape.Ellipse((left + right) / 2, bottom + 2, 104, 14);
            canvas.Fill(saucer.Grow(2), colour.Darker(0.35f));
            canvas.Fill(saucer, colour.Lighter(0.25f));
        }

        if (rim > 0)
        {
            canvas.Fill(handle.Grow(3), colour.Darker(0.35f));
            canvas.Fill(handle, colour);
        }

        Solid(canvas, body, colour, top, bottom);
        if (rim > 0)
        {
            canvas.Fill(Shape.Ellipse((left + right) / 2, top + 4, (right - left) / 2 - 6, rim * 0.7f), colour.Darker(0.5f));
        }
        else
        {
            var lid = Shape.Box(left - 8, top - 18, right + 8, top + 14, 10);
            canvas.Fill(lid.Grow(2), Colour.Black.Lighter(0.1f));
            canvas.Fill(lid, Colour.Black.Lighter(0.25f));
            canvas.Fill(Shape.Box(left + 24, top - 28, right - 40, top - 14, 5), Colour.Black.Lighter(0.25f));
        }

        var band = Shape.Box(0, top + (bottom - top) * 0.45f, Width, top + (bottom - top) * 0.6f).Intersect(body);
        if (variant % 2 == 0)
        {
            canvas.Fill(band, Cream, opacity: 0.85f);
        }
        else
        {
            for (var x = left + 18; x < right - 8; x += 26)
            {
                canvas.Fill(Shape.Circle(x, top + (bottom - top) * 0.52f, 6).Intersect(body), Cream, opacity: 0.85f);
            }
        }

        for (var k = -1; rim > 0 && k <= 1; k++)
        {
            canvas.Fill(Steam((left + right) / 2 + 28 * k, top - 14, 56), Colour.White, opacity: 0.7f);
        }
    }

    /// <summary>A wisp rising from a point: short lines along a sine wave.</summary>
    private static Shape Steam(float x, float bottom, float height)
    {
        Shape? wisp = null;
        const int Steps = 8;
        for (var i = 0; i < Steps; i++)
        {
            var (from, to) = ((float)i / Steps, (float)(i + 1) / Steps);
            var segment = Shape.Line(
                x + 7 * MathF.Sin(from * MathF.Tau), bottom - from * height,
                x + 7 * MathF.Sin(to * MathF.Tau), bottom - to * height, 5);
            wisp = wisp?.Union(segment) ?? segment;
        }

        return wisp!;
    }

    private static void Books(Canvas canvas, Colour colour, uint variant)
    {
        Colour[] covers = [colour, Colour.FromHsl(colour.Hue + 150, 0.45f, 0.55f), Colour.FromHsl(colour.Hue + 40, 0.35f, 0.75f)];
        var top = (int)(variant % 3);
        (Shape Spine, Colour Cover)[] stack =
        [
            (Shape.Box(116, 236, 364, 286, 6), covers[(top + 1) % 3]),
            (Shape.Box(140, 188, 350, 236, 6), covers[(top + 2) % 3]),
            (Shape.Box(126, 140, 334, 188, 6).Rotate(-4, 230, 164), covers[top]),
        ];
        foreach (var (spine, cover) in stack)
        {
            var (left, right) = (spine.Bounds.Left, spine.Bounds.Right);
            Solid(canvas, spine, cover, spine.Bounds.Top, spine.Bounds.Bottom);
            var bands = Shape.Box(left + 16, 0, left + 24, Height).Union(Shape.Box(right - 24, 0, right - 16, Height));
            canvas.Fill(spine.Intersect(bands), cover.Luma < 0.55f ? Cream : cover.Darker(0.4f), opacity: 0.8f);
            var centre = (left + right) / 2;
            var label = spine.Intersect(Shape.Box(centre - 56, 0, centre + 56, Height)).Grow(-14);
            canvas.Fill(label, cover.Luma < 0.55f ? Cream : cover.Darker(0.45f), opacity: 0.9f);
        }
    }

    private static void Tent(Canvas canvas, Colour colour, uint variant)
    {
        canvas.Fill(Shape.Ellipse(240, 430, 380, 150), Colour.FromHsl(105, 0.35f, 0.58f));
        if (variant % 2 == 0)
        {
            canvas.Fill(Shape.Circle(392, 76, 28), new Colour(1, 0.86f, 0.4f), opacity: 0.95f);
        }
        else
        {
            canvas.Fill(Shape.Circle(392, 76, 26).Minus(Shape.Circle(404, 68, 24)), Cream);
            foreach (var (x, y) in new[] { (330, 56), (350, 108), (424, 124) })
            {
                canvas.Fill(Shape.Circle(x, y, 3), Cream);
            }
        }

        var pine = Shape.Polygon((72, 150), (42, 214), (102, 214)).Union(Shape.Polygon((72, 186), (34, 258), (110, 258)));
        canvas.Fill(Shape.Box(66, 250, 78, 286, 3), new Colour(0.45f, 0.3f, 0.18f));
        canvas.Fill(pine.Grow(2), Colour.FromHsl(130, 0.45f, 0.3f));

        var tent = Shape.Polygon((240, 100), (108, 282), (372, 282)).Grow(4);
        canvas.Fill(Shape.Line(240, 80, 240, 104, 5), Colour.Black.Lighter(0.25f));
        canvas.Fill(Shape.Line(108, 284, 80, 292, 2), Colour.Black.Lighter(0.3f));
        canvas.Fill(Shape.Line(372, 284, 400, 292, 2), Colour.Black.Lighter(0.3f));
        Solid(canvas, tent, colour, 96, 286);
        canvas.Fill(tent.Intersect(Shape.Polygon((240, 100), (372, 282), (300, 282))), colour.Lighter(0.15f));
        var door = Shape.Polygon((240, 156), (196, 286), (284, 286));
        canvas.Fill(door, colour.Darker(0.5f));
        canvas.Fill(Shape.Polygon((240, 156), (284, 286), (262, 286)).Grow(1), colour.Lighter(0.05f));
    }

    private static void Dice(Canvas canvas, Colour colour, uint variant)
    {
        Die(canvas, colour, 128, 166, 118, -12, (int)(variant % 6) + 1);
        Die(canvas, colour.Lighter(0.12f), 258, 140, 104, 9, (int)(variant / 6 % 6) + 1);
    }

    /// <summary>A die seen face on, turned by <paramref name="degrees"/>, showing <paramref name="face"/>.</summary>
    private static void Die(Canvas canvas, Colour colour, float left, float top, float size, float degrees, int face)
    {
        var (centreX, centreY) = (left + size / 2, top + size / 2);
        var die = Shape.Box(left, top, left + size, top + size, size * 0.18f).Rotate(degrees, centreX, centreY);
        Solid(canvas, die, colour, top, top + size);
        (float X, float Y)[] pips = face switch
        {
            1 => [(0.5f, 0.5f)],
            2 => [(0.27f, 0.27f), (0.73f, 0.73f)],
            3 => [(0.27f, 0.27f), (0.5f, 0.5f), (0.73f, 0.73f)],
            4 => [(0.27f, 0.27f), (0.73f, 0.27f), (0.27f, 0.73f), (0.73f, 0.73f)],
            5 => [(0.27f, 0.27f), (0.73f, 0.27f), (0.5f, 0.5f), (0.27f, 0.73f), (0.73f, 0.73f)],
            _ => [(0.27f, 0.27f), (0.73f, 0.27f), (0.27f, 0.5f), (0.73f, 0.5f), (0.27f, 0.73f), (0.73f, 0.73f)],
        };
        var pipColour = colour.Luma < 0.6f ? Cream : Colour.Black.Lighter(0.15f);
        foreach (var (x, y) in pips)
        {
            canvas.Fill(Shape.Circle(left + x * size, top + y * size, size * 0.085f).Rotate(degrees, centreX, centreY), pipColour);
        }
    }

    /// <summary>
    /// The shape with a darker rim, lit from above: lighter at <paramref name="top"/>, darker at <paramref name="bottom"/>.
    /// </summary>
    private static void Solid(Canvas canvas, Shape shape, Colour colour, float top, float bottom)
    {
        canvas.Fill(shape.Grow(3), colour.Darker(0.35f));
        canvas.Fill(shape, (_, y) =>
        {
            var depth = Math.Clamp((y - top) / (bottom - top), 0, 1);
            return colour.Lighter(0.16f * (1 - depth)).Darker(0.12f * depth);
        });
    }
}
